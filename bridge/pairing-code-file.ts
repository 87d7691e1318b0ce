/**
 * The running bridge keeps its current pairing code in `<config dir>/pairing-code` (readable by the user
 * only) so that `--show-code` can show it when the bridge runs in the background (started at login, no
 * terminal). The file is removed when the bridge stops. The code is only worth something together with an
 * allowed origin and is replaced after each use, so a copy on the user's own disk adds no new exposure.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const PAIRING_CODE_FILE = 'pairing-code';

export async function writePairingCodeFile(configDir: string, code: string): Promise<void> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  await writeFile(join(configDir, PAIRING_CODE_FILE), `${code}\n`, { mode: 0o600 });
}

/** The code, or null when no bridge is running with this config dir. */
export async function readPairingCodeFile(configDir: string): Promise<string | null> {
  try {
    const text = (await readFile(join(configDir, PAIRING_CODE_FILE), 'utf8')).trim();
    return /^[0-9]{6}$/.test(text) ? text : null;
  } catch {
    return null;
  }
}

export async function removePairingCodeFile(configDir: string): Promise<void> {
  await rm(join(configDir, PAIRING_CODE_FILE), { force: true });
}
