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
    });
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

describe('tokyoDate', () => {
  it('gives the Japanese calendar day: 2026-07-31T15:00Z is already 8/1 in Tokyo', () => {
    expect(tokyoDate(new Date('2026-07-31T14:59:59Z'))).toBe('2026-07-31');
    expect(tokyoDate(new Date('2026-07-31T15:00:00Z'))).toBe('2026-08-01');
  });
});
