/** `npm run audit:verify`: arguments in-process, exit codes and output by running the command with tsx on PGlite directories. */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate.ts';
import { openPgliteDatabase } from '../db/pglite-database.ts';
import { auditEntry, tickingClock } from './audit-fixtures.testing.ts';
import { appendAudit } from './audit-log.ts';
import { AUDIT_VERIFY_EXIT, parseAuditVerifyArgs, runAuditVerifyCli } from './audit-verify-cli.ts';

describe('parseAuditVerifyArgs', () => {
  it('takes --database-url as two words or with =, and nothing else', () => {
    expect(parseAuditVerifyArgs([])).toEqual({ ok: true, databaseUrl: null });
    expect(parseAuditVerifyArgs(['--database-url', 'postgres://h/db'])).toEqual({ ok: true, databaseUrl: 'postgres://h/db' });
    expect(parseAuditVerifyArgs(['--database-url=postgres://h/db'])).toEqual({ ok: true, databaseUrl: 'postgres://h/db' });
    expect(parseAuditVerifyArgs(['--database-url'])).toMatchObject({ ok: false });
    expect(parseAuditVerifyArgs(['--fix'])).toEqual({ ok: false, message: '不明な引数です: --fix' });
  });

  it('refuses a URL that is not PostgreSQL before opening anything', async () => {
    const err: string[] = [];
    const code = await runAuditVerifyCli(['--database-url', 'mysql://h/db'], { env: {}, out: () => {}, err: (t) => err.push(t) });
    expect(code).toBe(AUDIT_VERIFY_EXIT.cannotVerify);
    expect(err.join('\n')).toContain('DATABASE_URL は postgres:// で始まる接続文字列です');
  });
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(dataDir: string): Promise<Run> {
  return new Promise((done) => {
    execFile(
      join(process.cwd(), 'node_modules/.bin/tsx'),
      ['server/audit/audit-verify-cli.ts'],
      { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, timeout: 60_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

describe('audit:verify command', () => {
  let root: string;
  const dir = (name: string) => join(root, name);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tsunagi-audit-cli-'));
    const db = await openPgliteDatabase({ dataDir: join(dir('intact'), 'pglite') });
    await migrate(db);
    await appendAudit(db, [auditEntry(), auditEntry({ detail: { n: 2 } }), auditEntry({ detail: { n: 3 } })], tickingClock());
    await db.close();
    cpSync(dir('intact'), dir('altered'), { recursive: true });
    const altered = await openPgliteDatabase({ dataDir: join(dir('altered'), 'pglite') });
    await altered.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete');
    await altered.query(`UPDATE audit_log SET staff_id = 'staff-2' WHERE seq = 2`);
    await altered.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_or_delete');
    await altered.close();
    // A server (this test process, which is running) holds the PGlite directory.
    mkdirSync(join(dir('locked'), 'pglite'), { recursive: true });
    writeFileSync(join(dir('locked'), 'pglite.lock'), String(process.pid));
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('exits 0 on an intact log, 1 naming the altered entry, 2 when the server holds the database', async () => {
    const [intact, altered, locked] = await Promise.all([runCli(dir('intact')), runCli(dir('altered')), runCli(dir('locked'))]);

    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^監査ログを検証しました: 3件、改ざんは見つかりませんでした（先頭ハッシュ [0-9a-f]{64}）\n$/);

    expect(altered.code).toBe(1);
    expect(altered.stderr).toContain('監査ログに問題があります（連番 2、変更）: 連番 2 の記録が変更されています');
    expect(altered.stderr).toContain('連番 2 より前の 1件は正常に検証できました。');

    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain('はサーバーが使用中です');
  }, 90_000);

  it('does not create a database where there is none (exit 2)', async () => {
    const err: string[] = [];
    expect(await runAuditVerifyCli([], { env: { DATA_DIR: dir('nowhere') }, out: () => {}, err: (t) => err.push(t) })).toBe(AUDIT_VERIFY_EXIT.cannotVerify);
    expect(err.join('\n')).toContain('データベースがありません');
    expect(existsSync(dir('nowhere'))).toBe(false);
  });
});
