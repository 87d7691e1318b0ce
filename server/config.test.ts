import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig, tokyoDate } from './config.ts';

describe('readConfig', () => {
  it('defaults to port 8080 on loopback, PGlite under ./data, the PWA from ./dist', () => {
    expect(readConfig({}, [])).toEqual({
      port: 8080,
      host: null,
      databaseUrl: null,
      dataDir: './data',
      pgliteDir: 'data/pglite',
      staticDir: './dist',
      logLevel: 'info',
      demo: false,
      demoSize: 300,
      tls: null,
      trustProxy: false,
      auth: expect.objectContaining({ rpId: 'localhost', origins: ['http://localhost:8080', 'https://localhost:8080'], idleLockMinutes: 5, offlineLeaseHours: 72 }),
    });
  });

  it('binds passkeys to PUBLIC_ORIGIN and reads the idle lock and offline lease', () => {
    const config = readConfig({ PUBLIC_ORIGIN: 'https://tsunagi.example.jp', IDLE_LOCK_MINUTES: '10', OFFLINE_LEASE_HOURS: '24' }, []);
    expect(config.auth).toMatchObject({ rpId: 'tsunagi.example.jp', origins: ['https://tsunagi.example.jp'], idleLockMinutes: 10, offlineLeaseHours: 24 });
    expect(() => readConfig({ IDLE_LOCK_MINUTES: '0' }, [])).toThrow('IDLE_LOCK_MINUTES は 1〜60 です');
    expect(() => readConfig({ PUBLIC_ORIGIN: 'ftp://x' }, [])).toThrow('PUBLIC_ORIGIN');
  });

  it('reads the environment and --demo; empty variables count as unset', () => {
    const config = readConfig({ PORT: '9090', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@db:5432/tsunagi', DATA_DIR: '/srv/t', DEMO_SIZE: '10000', HOST_EXTRA: 'x', LOG_LEVEL: '' }, ['--demo']);
    expect(config).toMatchObject({ port: 9090, host: '0.0.0.0', databaseUrl: 'postgres://u@db:5432/tsunagi', pgliteDir: '/srv/t/pglite', demo: true, demoSize: 10000, logLevel: 'info' });
  });

  it('refuses a bad port, a non-PostgreSQL URL and unknown arguments, in Japanese', () => {
    expect(() => readConfig({ PORT: '70000' }, [])).toThrow(ConfigError);
    expect(() => readConfig({ PORT: 'http' }, [])).toThrow('PORT は 1〜65535 の数字です');
    expect(() => readConfig({ DATABASE_URL: 'mysql://x' }, [])).toThrow('postgres://');
    expect(() => readConfig({}, ['--demo', '--fast'])).toThrow('不明な引数です: --fast');
  });
});

describe('readConfig: TLS and the client address', () => {
  it('serves HTTPS with a certificate and key, mutual TLS when a client CA is named too', () => {
    expect(readConfig({ TLS_CERT_FILE: '/etc/tsunagi/server.pem', TLS_KEY_FILE: '/etc/tsunagi/server.key' }, []).tls).toEqual({
      certFile: '/etc/tsunagi/server.pem',
      keyFile: '/etc/tsunagi/server.key',
      clientCaFile: null,
    });
    expect(readConfig({ TLS_CERT_FILE: 'a.pem', TLS_KEY_FILE: 'a.key', TLS_CLIENT_CA_FILE: 'ca.pem' }, []).tls).toEqual({ certFile: 'a.pem', keyFile: 'a.key', clientCaFile: 'ca.pem' });
  });

  it('refuses a certificate without its key, a key without its certificate and a client CA alone, in Japanese', () => {
    expect(() => readConfig({ TLS_CERT_FILE: 'a.pem' }, [])).toThrow('TLS_CERT_FILE を指定したときは TLS_KEY_FILE（秘密鍵）も指定してください');
    expect(() => readConfig({ TLS_KEY_FILE: 'a.key' }, [])).toThrow('TLS_KEY_FILE を指定したときは TLS_CERT_FILE（サーバー証明書）も指定してください');
    expect(() => readConfig({ TLS_CLIENT_CA_FILE: 'ca.pem' }, [])).toThrow(ConfigError);
  });

  it('trusts X-Forwarded-For only with TRUST_PROXY=1', () => {
    expect(readConfig({ TRUST_PROXY: '1' }, []).trustProxy).toBe(true);
    expect(readConfig({ TRUST_PROXY: '0' }, []).trustProxy).toBe(false);
    expect(() => readConfig({ TRUST_PROXY: 'yes' }, [])).toThrow('TRUST_PROXY は 0 か 1 です');
  });
});

describe('tokyoDate', () => {
  it('gives the Japanese calendar day: 2026-07-31T15:00Z is already 8/1 in Tokyo', () => {
    expect(tokyoDate(new Date('2026-07-31T14:59:59Z'))).toBe('2026-07-31');
    expect(tokyoDate(new Date('2026-07-31T15:00:00Z'))).toBe('2026-08-01');
  });
});
