import { describe, expect, it } from 'vitest';
import { BridgeConfigError, defaultConfigDir, readBridgeConfig } from './config.ts';

const HOME = '/home/staff';

describe('bridge configuration', () => {
  it('defaults to port 47321, http://localhost:8080 and the XDG config dir', () => {
    expect(readBridgeConfig({}, [], 'linux', HOME)).toEqual({
      command: { kind: 'serve' },
      port: 47321,
      allowedOrigins: ['http://localhost:8080'],
      configDir: '/home/staff/.config/tsunagi-bridge',
      logLevel: 'info',
      explicit: { port: false, allowedOrigins: false, configDir: false },
    });
  });

  it('reads the environment, and flags win over it', () => {
    const env = { BRIDGE_PORT: '50000', BRIDGE_ALLOWED_ORIGINS: 'https://tsunagi.example.jp/, http://localhost:8080', BRIDGE_CONFIG_DIR: '/tmp/b' };
    const fromEnv = readBridgeConfig(env, [], 'linux', HOME);
    expect(fromEnv).toMatchObject({ port: 50000, allowedOrigins: ['https://tsunagi.example.jp', 'http://localhost:8080'], configDir: '/tmp/b' });
    expect(fromEnv.explicit).toEqual({ port: true, allowedOrigins: true, configDir: true });
    const fromFlags = readBridgeConfig(env, ['--port=50001', '--allowed-origins', 'https://care.example:8443', '--log-level', 'debug'], 'linux', HOME);
    expect(fromFlags).toMatchObject({ port: 50001, allowedOrigins: ['https://care.example:8443'], logLevel: 'debug' });
  });

  it('normalises origins the way browsers send them and refuses paths and other schemes', () => {
    expect(readBridgeConfig({ BRIDGE_ALLOWED_ORIGINS: 'HTTPS://Tsunagi.Example.JP:443' }, [], 'linux', HOME).allowedOrigins).toEqual(['https://tsunagi.example.jp']);
    for (const bad of ['https://tsunagi.example.jp/app', 'ftp://tsunagi.example.jp', 'tsunagi.example.jp', 'https://u:p@tsunagi.example.jp']) {
      expect(() => readBridgeConfig({ BRIDGE_ALLOWED_ORIGINS: bad }, [], 'linux', HOME)).toThrow(BridgeConfigError);
    }
  });

  it('parses the one-shot commands', () => {
    expect(readBridgeConfig({}, ['--unpair', 'http://localhost:8080/'], 'linux', HOME).command).toEqual({ kind: 'unpair', origin: 'http://localhost:8080' });
    expect(readBridgeConfig({}, ['--list-pairings'], 'linux', HOME).command).toEqual({ kind: 'listPairings' });
    expect(readBridgeConfig({}, ['--show-code'], 'linux', HOME).command).toEqual({ kind: 'showCode' });
    expect(readBridgeConfig({}, ['--install-autostart'], 'linux', HOME).command).toEqual({ kind: 'installAutostart' });
    expect(readBridgeConfig({}, ['-h'], 'linux', HOME).command).toEqual({ kind: 'help' });
  });

  it('refuses bad ports, log levels, unknown flags and missing values with a Japanese message', () => {
    for (const argv of [['--port', '0'], ['--port', '65536'], ['--port', '80a'], ['--log-level', 'loud'], ['--verbose'], ['--port']]) {
      let caught: unknown;
      try {
        readBridgeConfig({}, argv, 'linux', HOME);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(BridgeConfigError);
      expect((caught as BridgeConfigError).messageJa).toMatch(/[ぁ-んァ-ン一-龯]/);
    }
  });

  it('puts the config dir where each OS keeps per-user settings', () => {
    expect(defaultConfigDir('linux', { XDG_CONFIG_HOME: '/srv/cfg' }, HOME)).toBe('/srv/cfg/tsunagi-bridge');
    expect(defaultConfigDir('linux', { XDG_CONFIG_HOME: 'relative' }, HOME)).toBe('/home/staff/.config/tsunagi-bridge');
    expect(defaultConfigDir('darwin', {}, '/Users/staff')).toBe('/Users/staff/Library/Application Support/tsunagi-bridge');
    expect(defaultConfigDir('win32', { APPDATA: 'C:\\Users\\staff\\AppData\\Roaming' }, 'C:\\Users\\staff')).toBe('C:\\Users\\staff\\AppData\\Roaming\\tsunagi-bridge');
    expect(defaultConfigDir('win32', {}, 'C:\\Users\\staff')).toBe('C:\\Users\\staff\\AppData\\Roaming\\tsunagi-bridge');
  });
});
