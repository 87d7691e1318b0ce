/**
 * The pairing list as a JSON file (default `<config dir>/pairings.json`). Read on every call, so a pairing
 * removed with `--unpair` while the bridge runs takes effect at the next check. Writes go to a temporary
 * file that is renamed over the old one (a crash never leaves half a file) and are readable by the user
 * only. A file that does not parse is not trusted and not overwritten silently: it is an error that names
 * the file.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PairingFile, PairingRecord, withPairing, type PairingStore } from './pairing-store.ts';

export class PairingFileError extends Error {
  override readonly name = 'PairingFileError';
  readonly code = 'pairingFileInvalid';
}

export function createFilePairingStore(path: string): PairingStore {
  async function read(): Promise<PairingRecord[]> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PairingFileError(`ペアリングの記録 ${path} が壊れています（JSONではありません）。削除するとすべてのペアリングが解除されます / the pairing file ${path} is not valid JSON; delete it to unpair everything`);
    }
    const parsed = PairingFile.safeParse(json);
    if (!parsed.success) throw new PairingFileError(`ペアリングの記録 ${path} の形式が正しくありません / the pairing file ${path} is not in the expected form`);
    return parsed.data.pairings;
  }

  async function write(pairings: PairingRecord[]): Promise<void> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const file: PairingFile = { version: 1, pairings };
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, path);
  }

  return {
    list: read,
    async add(record) {
      await write(withPairing(await read(), PairingRecord.parse(record)));
    },
    async removeOrigin(origin) {
      const pairings = await read();
      const kept = pairings.filter((p) => p.origin !== origin);
      if (kept.length !== pairings.length) await write(kept);
      return pairings.length - kept.length;
    },
  };
}
