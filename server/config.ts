/**
 * The server's settings, read once from the environment and the command line (pure: both are passed in).
 *  PORT (8080) · HOST (unset: loopback only, 127.0.0.1 and ::1, so http://localhost works either way) ·
 *  DATABASE_URL (PostgreSQL; unset: PGlite in DATA_DIR/pglite) · DATA_DIR (./data) · STATIC_DIR (./dist) ·
 *  LOG_LEVEL (info) · DEMO_SIZE (300) · flag --demo (seed the demo dataset into an empty database) ·
 *  TLS_CERT_FILE + TLS_KEY_FILE (PEM: serve HTTPS from Node instead of plain HTTP) · TLS_CLIENT_CA_FILE (PEM:
 *  also require a client certificate signed by this CA, i.e. mutual TLS with the platform's client
 *  certificate) · TRUST_PROXY=1 (take the client address from X-Forwarded-For: only behind a proxy that sets it).
 * The TLS files are only named here; server/tls/tls-options.ts reads them when the server starts.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { defaultAuthSettings, type AuthSettings } from './auth/auth-settings.ts';

export interface ServerConfig {
  readonly port: number;
  /** One address to listen on, or null for loopback only (IPv4 and IPv6). */
  readonly host: string | null;
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  /** Where PGlite keeps its files when no DATABASE_URL is set. */
  readonly pgliteDir: string;
  readonly staticDir: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly demo: boolean;
  readonly demoSize: number;
  /** Sign-in rules: PUBLIC_ORIGIN (passkey origin and relying party), IDLE_LOCK_MINUTES (5), OFFLINE_LEASE_HOURS (72). */
  readonly auth: AuthSettings;
  /** HTTPS with these PEM files, or null for plain HTTP (TLS terminated in front of the server, or local use). */
  readonly tls: TlsConfig | null;
  /** Whether X-Forwarded-For names the client (set only behind a reverse proxy that overwrites it). */
  readonly trustProxy: boolean;
}

export interface TlsConfig {
  readonly certFile: string;
  readonly keyFile: string;
  /** Client certificates must be signed by this CA (mutual TLS); null = no client certificate asked for. */
  readonly clientCaFile: string | null;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'invalidConfig';
  /** Japanese, for the person starting the server. */
  readonly messageJa: string;

  constructor(messageJa: string) {
    super(messageJa);
    this.messageJa = messageJa;
  }
}

const Env = z.object({
  PORT: z.string().regex(/^\d{1,5}$/, 'PORT は 1〜65535 の数字です').transform(Number).refine((p) => p >= 1 && p <= 65535, 'PORT は 1〜65535 の数字です').optional(),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL は postgres:// で始まる接続文字列です').optional(),
  DATA_DIR: z.string().min(1).optional(),
  STATIC_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  DEMO_SIZE: z.string().regex(/^\d+$/, 'DEMO_SIZE は人数（整数）です').transform(Number).refine((n) => n >= 1 && n <= 200_000, 'DEMO_SIZE は 1〜200000 です').optional(),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  TLS_CLIENT_CA_FILE: z.string().min(1).optional(),
  TRUST_PROXY: z.enum(['0', '1'], 'TRUST_PROXY は 0 か 1 です').optional(),
  PUBLIC_ORIGIN: z.url({ protocol: /^https?$/, error: 'PUBLIC_ORIGIN は https://tsunagi.example.jp のようなURLです' }).optional(),
  IDLE_LOCK_MINUTES: z.string().regex(/^\d+$/).transform(Number).refine((n) => n >= 1 && n <= 60, 'IDLE_LOCK_MINUTES は 1〜60 です').optional(),
  OFFLINE_LEASE_HOURS: z.string().regex(/^\d+$/).transform(Number).refine((n) => n >= 1 && n <= 168, 'OFFLINE_LEASE_HOURS は 1〜168 です').optional(),
});

export const SERVER_FLAGS = ['--demo'] as const;

export function readConfig(env: Record<string, string | undefined>, argv: readonly string[]): ServerConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('、'));
  const unknown = argv.filter((a) => !(SERVER_FLAGS as readonly string[]).includes(a));
  if (unknown.length > 0) throw new ConfigError(`不明な引数です: ${unknown.join(' ')}（使えるのは ${SERVER_FLAGS.join(' ')}）`);
  const e = parsed.data;
  const dataDir = e.DATA_DIR ?? './data';
  return {
    port: e.PORT ?? 8080,
    host: e.HOST ?? null,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir,
    pgliteDir: join(dataDir, 'pglite'),
    staticDir: e.STATIC_DIR ?? './dist',
    logLevel: e.LOG_LEVEL ?? 'info',
    demo: argv.includes('--demo'),
    demoSize: e.DEMO_SIZE ?? 300,
    tls: readTlsConfig(e.TLS_CERT_FILE, e.TLS_KEY_FILE, e.TLS_CLIENT_CA_FILE),
    trustProxy: e.TRUST_PROXY === '1',
    auth: authSettingsOf(e.PORT ?? 8080, e.PUBLIC_ORIGIN, e.IDLE_LOCK_MINUTES, e.OFFLINE_LEASE_HOURS),
  };
}

/** Passkeys are bound to the host name: PUBLIC_ORIGIN names it when the app is not at http://localhost:PORT. */
function authSettingsOf(port: number, publicOrigin: string | undefined, idleLockMinutes: number | undefined, offlineLeaseHours: number | undefined): AuthSettings {
  const defaults = defaultAuthSettings(port);
  const origin = publicOrigin ? new URL(publicOrigin) : null;
  return {
    ...defaults,
    ...(origin ? { rpId: origin.hostname, origins: [origin.origin] } : {}),
    ...(idleLockMinutes ? { idleLockMinutes } : {}),
    ...(offlineLeaseHours ? { offlineLeaseHours } : {}),
  };
}

function readTlsConfig(certFile: string | undefined, keyFile: string | undefined, clientCaFile: string | undefined): TlsConfig | null {
  if (certFile === undefined && keyFile === undefined) {
    if (clientCaFile !== undefined) throw new ConfigError('TLS_CLIENT_CA_FILE を使うには TLS_CERT_FILE と TLS_KEY_FILE（サーバー証明書と秘密鍵）も指定してください');
    return null;
  }
  if (certFile === undefined) throw new ConfigError('TLS_KEY_FILE を指定したときは TLS_CERT_FILE（サーバー証明書）も指定してください');
  if (keyFile === undefined) throw new ConfigError('TLS_CERT_FILE を指定したときは TLS_KEY_FILE（秘密鍵）も指定してください');
  return { certFile, keyFile, clientCaFile: clientCaFile ?? null };
}

/** The calendar day in Japan (Asia/Tokyo) at an instant, `YYYY-MM-DD`: the day care documents speak of. */
export function tokyoDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
