/**
 * `--install-autostart`: writes the start-at-login entry for the current OS from the templates in
 * `bridge/packaging/` (copied next to the single-file build as `packaging/`):
 * - Linux: a systemd user unit, `$XDG_CONFIG_HOME/systemd/user/tsunagi-bridge.service`
 *   (default `~/.config/systemd/user/`);
 * - macOS: a LaunchAgent, `~/Library/LaunchAgents/jp.tsunagi.bridge.plist`;
 * - Windows: a script in the Startup folder,
 *   `%APPDATA%\Microsoft\Windows\Start Menu\Programs\Startup\tsunagi-bridge.cmd`.
 * The command written is the one running now (node, its loader flags such as tsx's, and the entry script),
 * with the settings given explicitly carried over as environment variables. Quoting follows each format:
 * systemd's C-style double quotes (systemd.syntax(7)), XML escaping for the plist, cmd.exe double quotes.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AutostartCommand {
  /** Absolute path of the Node executable. */
  node: string;
  /** Arguments after it: loader flags and the entry script (absolute). */
  args: readonly string[];
  workingDir: string;
  /** Environment variables to set (e.g. BRIDGE_PORT). */
  environment: Readonly<Record<string, string>>;
}

export interface AutostartTarget {
  platform: string;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface AutostartEntry {
  path: string;
  content: string;
  /** What the person runs next, one command per line (Japanese and English notes around it are up to the caller). */
  nextSteps: string[];
}

export class AutostartError extends Error {
  override readonly name = 'AutostartError';
  readonly code = 'autostartUnsupported';
}

const TEMPLATE_DIR = fileURLToPath(new URL('./packaging/', import.meta.url));

export async function readTemplate(name: string, dir: string = TEMPLATE_DIR): Promise<string> {
  return readFile(join(dir, name), 'utf8');
}

export async function autostartEntry(target: AutostartTarget, command: AutostartCommand, templateDir: string = TEMPLATE_DIR): Promise<AutostartEntry> {
  const env = Object.entries(command.environment);
  // Paths are built with the target OS's rules, so an entry for another OS renders right in tests too.
  const osPath = target.platform === 'win32' ? win32 : posix;
  switch (target.platform) {
    case 'linux': {
      const xdg = target.env['XDG_CONFIG_HOME'];
      const base = xdg && xdg.startsWith('/') ? xdg : osPath.join(target.home, '.config');
      const content = fill(await readTemplate('tsunagi-bridge.service', templateDir), {
        WORKDIR: command.workingDir,
        EXEC: [command.node, ...command.args].map(systemdQuote).join(' '),
        ENVIRONMENT: env.map(([k, v]) => `Environment=${systemdQuote(`${k}=${v}`)}`).join('\n'),
      });
      return {
        path: osPath.join(base, 'systemd', 'user', 'tsunagi-bridge.service'),
        content,
        nextSteps: ['systemctl --user daemon-reload', 'systemctl --user enable --now tsunagi-bridge.service'],
      };
    }
    case 'darwin': {
      const path = osPath.join(target.home, 'Library', 'LaunchAgents', 'jp.tsunagi.bridge.plist');
      const content = fill(await readTemplate('jp.tsunagi.bridge.plist', templateDir), {
        PROGRAM_ARGUMENTS: [command.node, ...command.args].map((a) => `    <string>${xmlEscape(a)}</string>`).join('\n'),
        WORKDIR: xmlEscape(command.workingDir),
        ENVIRONMENT: env.map(([k, v]) => `    <key>${xmlEscape(k)}</key>\n    <string>${xmlEscape(v)}</string>`).join('\n'),
        LOG_DIR: xmlEscape(osPath.join(target.home, 'Library', 'Logs')),
      });
      return { path, content, nextSteps: [`launchctl bootstrap gui/$(id -u) "${path}"`] };
    }
    case 'win32': {
      const appData = target.env['APPDATA'] ?? osPath.join(target.home, 'AppData', 'Roaming');
      const path = osPath.join(appData, 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Startup', 'tsunagi-bridge.cmd');
      const content = fill(await readTemplate('tsunagi-bridge.cmd', templateDir), {
        WORKDIR: command.workingDir,
        ENVIRONMENT: env.map(([k, v]) => `set "${k}=${v}"`).join('\r\n'),
        COMMAND: [command.node, ...command.args].map((a) => `"${a}"`).join(' '),
      });
      return { path, content, nextSteps: [`"${path}"`] };
    }
    default:
      throw new AutostartError(`no autostart entry for platform ${target.platform}: start the bridge with npm run bridge`);
  }
}

/** Writes the entry (creating its folder) and returns it. */
export async function installAutostart(target: AutostartTarget, command: AutostartCommand, templateDir?: string): Promise<AutostartEntry> {
  const entry = await autostartEntry(target, command, templateDir);
  await mkdir(dirname(entry.path), { recursive: true });
  await writeFile(entry.path, entry.content, { mode: 0o644 });
  return entry;
}

/** Replaces every `{{NAME}}`; a placeholder without a value is an error (a half-filled file must not be written). */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder without a value: ${name}`);
    return value;
  });
}

/** One systemd command-line word: double-quoted, with `\`, `"`, `$` and `%` escaped (systemd.syntax(7), systemd.unit(5) specifiers). */
export function systemdQuote(word: string): string {
  return `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '$$$$').replace(/%/g, '%%')}"`;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
