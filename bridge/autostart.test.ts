import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { autostartEntry, fill, installAutostart, systemdQuote, type AutostartCommand } from './autostart.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const COMMAND: AutostartCommand = {
  node: '/usr/bin/node',
  args: ['--import', 'file:///opt/tsunagi/node_modules/tsx/dist/loader.mjs', '/opt/tsunagi/bridge/main.ts'],
  workingDir: '/opt/tsunagi',
  environment: { BRIDGE_PORT: '50000', BRIDGE_ALLOWED_ORIGINS: 'https://tsunagi.example.jp' },
};

const temps: string[] = [];
async function tempHome(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tsunagi-home-'));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('start at login', () => {
  it('writes a systemd user unit into ~/.config/systemd/user with the command and settings', async () => {
    const home = await tempHome();
    const entry = await installAutostart({ platform: 'linux', home, env: {} }, COMMAND);
    expect(entry.path).toBe(join(home, '.config/systemd/user/tsunagi-bridge.service'));
    const unit = await readFile(entry.path, 'utf8');
    expect(unit).toContain('ExecStart="/usr/bin/node" "--import" "file:///opt/tsunagi/node_modules/tsx/dist/loader.mjs" "/opt/tsunagi/bridge/main.ts"\n');
    expect(unit).toContain('WorkingDirectory=/opt/tsunagi\n');
    expect(unit).toContain('Environment="BRIDGE_PORT=50000"\nEnvironment="BRIDGE_ALLOWED_ORIGINS=https://tsunagi.example.jp"\n');
    expect(unit).toContain('[Install]\nWantedBy=default.target');
    expect(unit).not.toContain('{{');
    expect(entry.nextSteps).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable --now tsunagi-bridge.service']);
  });

  it('follows XDG_CONFIG_HOME for the unit folder', async () => {
    const entry = await autostartEntry({ platform: 'linux', home: '/home/staff', env: { XDG_CONFIG_HOME: '/srv/cfg' } }, COMMAND);
    expect(entry.path).toBe('/srv/cfg/systemd/user/tsunagi-bridge.service');
  });

  it('renders a LaunchAgent plist with escaped arguments on macOS', async () => {
    const entry = await autostartEntry({ platform: 'darwin', home: '/Users/staff', env: {} }, { ...COMMAND, workingDir: '/Users/staff/Tsunagi & Co', environment: {} });
    expect(entry.path).toBe('/Users/staff/Library/LaunchAgents/jp.tsunagi.bridge.plist');
    expect(entry.content).toContain('    <string>/usr/bin/node</string>\n    <string>--import</string>');
    expect(entry.content).toContain('<string>/Users/staff/Tsunagi &amp; Co</string>');
    expect(entry.content).toContain('<string>/Users/staff/Library/Logs/tsunagi-bridge.log</string>');
    expect(entry.content).not.toContain('{{');
  });

  it('renders a Startup-folder script with CRLF lines on Windows', async () => {
    const win: AutostartCommand = { node: 'C:\\Program Files\\nodejs\\node.exe', args: ['C:\\Tsunagi\\dist-bridge\\tsunagi-bridge.mjs'], workingDir: 'C:\\Tsunagi', environment: { BRIDGE_PORT: '50000' } };
    const entry = await autostartEntry({ platform: 'win32', home: 'C:\\Users\\staff', env: { APPDATA: 'C:\\Users\\staff\\AppData\\Roaming' } }, win);
    expect(entry.path).toBe('C:\\Users\\staff\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\tsunagi-bridge.cmd');
    expect(entry.content).toContain('cd /d "C:\\Tsunagi"\r\nset "BRIDGE_PORT=50000"\r\nstart "Tsunagi bridge" /min "C:\\Program Files\\nodejs\\node.exe" "C:\\Tsunagi\\dist-bridge\\tsunagi-bridge.mjs"\r\n');
  });

  it('refuses a template placeholder without a value and quotes systemd words', () => {
    expect(() => fill('ExecStart={{EXEC}} {{OTHER}}', { EXEC: 'x' })).toThrow(/OTHER/);
    expect(systemdQuote('/opt/my "app"/100%/$HOME\\x')).toBe('"/opt/my \\"app\\"/100%%/$$HOME\\\\x"');
  });

  it('npm run bridge -- --install-autostart writes the unit into a temporary HOME (Linux)', async () => {
    const home = await tempHome();
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bridge/main.ts', '--install-autostart', '--port', '50002'], {
      cwd: REPO,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: '', BRIDGE_ALLOWED_ORIGINS: '', BRIDGE_PORT: '', BRIDGE_CONFIG_DIR: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const unitPath = join(home, '.config/systemd/user/tsunagi-bridge.service');
    expect(result.stdout).toContain(unitPath);
    const unit = await readFile(unitPath, 'utf8');
    expect(unit).toContain(`"${join(REPO, 'bridge/main.ts')}"`);
    expect(unit).toContain(`ExecStart="${process.execPath}"`);
    expect(unit).toContain('Environment="BRIDGE_PORT=50002"');
    expect(unit).not.toContain('BRIDGE_ALLOWED_ORIGINS');
  });
});
