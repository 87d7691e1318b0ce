/**
 * The bridge's configuration from the environment and the command line (the command line wins):
 *
 * | flag                      | environment              | default                                   |
 * |---------------------------|--------------------------|-------------------------------------------|
 * | `--port <n>`              | `BRIDGE_PORT`            | 47321                                     |
 * | `--allowed-origins <a,b>` | `BRIDGE_ALLOWED_ORIGINS` | `http://localhost:8080`                   |
 * | `--config-dir <dir>`      | `BRIDGE_CONFIG_DIR`      | the OS's per-user config dir + `tsunagi-bridge` |
 * | `--log-level <level>`     | `BRIDGE_LOG_LEVEL`       | `info`                                    |
 *
 * and one command: serve (default), `--list-pairings`, `--unpair <origin>`, `--show-code`,
 * `--install-autostart`, `--help`.
 */
import { posix, win32 } from 'node:path';
import { BRIDGE_DEFAULT_PORT } from '../src/protocol/bridge.ts';
import { normaliseOrigin } from './handshake.ts';

export type BridgeCommand =
  | { kind: 'serve' }
  | { kind: 'listPairings' }
  | { kind: 'unpair'; origin: string }
  | { kind: 'showCode' }
  | { kind: 'installAutostart' }
  | { kind: 'help' };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type BridgeLogLevel = (typeof LOG_LEVELS)[number];

export interface BridgeConfig {
  command: BridgeCommand;
  port: number;
  allowedOrigins: string[];
  configDir: string;
  logLevel: BridgeLogLevel;
  /** Which settings came from flags or the environment (written into an autostart entry). */
  explicit: { port: boolean; allowedOrigins: boolean; configDir: boolean };
}

export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:8080'];

export class BridgeConfigError extends Error {
  override readonly name = 'BridgeConfigError';
  readonly code = 'invalidConfig';
  readonly messageJa: string;
  constructor(messageJa: string, messageEn: string) {
    super(messageEn);
    this.messageJa = messageJa;
  }
}

/** Per-user config directory: XDG on Linux, Application Support on macOS, %APPDATA% on Windows. */
export function defaultConfigDir(platform: string, env: Readonly<Record<string, string | undefined>>, home: string): string {
  const osPath = platform === 'win32' ? win32 : posix;
  if (platform === 'win32') return osPath.join(env['APPDATA'] ?? osPath.join(home, 'AppData', 'Roaming'), 'tsunagi-bridge');
  if (platform === 'darwin') return osPath.join(home, 'Library', 'Application Support', 'tsunagi-bridge');
  const xdg = env['XDG_CONFIG_HOME'];
  return osPath.join(xdg && xdg.startsWith('/') ? xdg : osPath.join(home, '.config'), 'tsunagi-bridge');
}

export function readBridgeConfig(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
  platform: string,
  home: string,
): BridgeConfig {
  const flags = new Map<string, string>();
  let command: BridgeCommand = { kind: 'serve' };
  const valueFlags = new Set(['--port', '--allowed-origins', '--config-dir', '--log-level', '--unpair']);
  const commandFlags: Record<string, BridgeCommand> = {
    '--list-pairings': { kind: 'listPairings' },
    '--show-code': { kind: 'showCode' },
    '--install-autostart': { kind: 'installAutostart' },
    '--help': { kind: 'help' },
    '-h': { kind: 'help' },
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (valueFlags.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new BridgeConfigError(`${name} には値が必要です`, `${name} needs a value`);
      flags.set(name, value);
      continue;
    }
    const found = commandFlags[name];
    if (found) {
      command = found;
      continue;
    }
    throw new BridgeConfigError(`不明な指定です: ${arg}（--help で一覧を表示）`, `unknown argument: ${arg} (see --help)`);
  }

  const unpair = flags.get('--unpair');
  if (unpair !== undefined) command = { kind: 'unpair', origin: parseOrigin(unpair) };

  const portText = flags.get('--port') ?? env['BRIDGE_PORT'];
  const port = portText === undefined || portText === '' ? BRIDGE_DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new BridgeConfigError(`ポート番号が正しくありません: ${portText}`, `invalid port: ${portText}`);
  }

  const originsText = flags.get('--allowed-origins') ?? env['BRIDGE_ALLOWED_ORIGINS'];
  const allowedOrigins =
    originsText === undefined || originsText.trim() === ''
      ? [...DEFAULT_ALLOWED_ORIGINS]
      : [
          ...new Set(
            originsText
              .split(',')
              .map((o) => o.trim())
              .filter((o) => o !== '')
              .map(parseOrigin),
          ),
        ];

  const configDirText = flags.get('--config-dir') ?? env['BRIDGE_CONFIG_DIR'];
  const configDir = configDirText && configDirText !== '' ? configDirText : defaultConfigDir(platform, env, home);

  const levelText = flags.get('--log-level') ?? env['BRIDGE_LOG_LEVEL'] ?? 'info';
  const logLevel = LOG_LEVELS.find((l) => l === levelText);
  if (!logLevel) throw new BridgeConfigError(`ログレベルが正しくありません: ${levelText}`, `invalid log level: ${levelText} (one of ${LOG_LEVELS.join(', ')})`);

  return {
    command,
    port,
    allowedOrigins,
    configDir,
    logLevel,
    explicit: { port: portText !== undefined && portText !== '', allowedOrigins: originsText !== undefined && originsText.trim() !== '', configDir: Boolean(configDirText) },
  };
}

function parseOrigin(text: string): string {
  try {
    return normaliseOrigin(text);
  } catch {
    throw new BridgeConfigError(
      `オリジンの形式が正しくありません: ${text}（例: https://tsunagi.example.jp）`,
      `not an origin: ${text} (e.g. https://tsunagi.example.jp)`,
    );
  }
}

export const USAGE = `Tsunagi bridge (つなぎ 連携アプリ) — PC/SC card readers for the Tsunagi app, on 127.0.0.1 only

使い方 / usage: npm run bridge -- [options]

  (no option)               起動する / serve on ws://127.0.0.1:<port>/v1 and ws://[::1]:<port>/v1
  --port <n>                待ち受けポート / port (BRIDGE_PORT, default ${BRIDGE_DEFAULT_PORT})
  --allowed-origins <a,b>   接続を許可する画面のオリジン / allowed app origins (BRIDGE_ALLOWED_ORIGINS,
                            default ${DEFAULT_ALLOWED_ORIGINS.join(',')})
  --config-dir <dir>        設定の保存先 / where pairings are kept (BRIDGE_CONFIG_DIR)
  --log-level <level>       ${LOG_LEVELS.join(' | ')} (BRIDGE_LOG_LEVEL, default info)
  --show-code               起動中の連携アプリのペアリングコードを表示 / show the running bridge's pairing code
  --list-pairings           ペアリング済みのオリジンを表示 / list paired origins
  --unpair <origin>         ペアリングを解除 / revoke every pairing of an origin
  --install-autostart       ログイン時に自動起動する設定を書き込む / start at login (systemd user unit,
                            LaunchAgent or Startup-folder script, by OS)
  --help                    この説明 / this help
`;
