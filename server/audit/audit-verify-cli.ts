/**
 * `npm run audit:verify [-- --database-url postgres://…]`
 *
 * Verifies the audit log's hash chain in the database the server uses (DATABASE_URL, or PGlite in
 * DATA_DIR/pglite, as server/config.ts reads them; `--database-url` overrides DATABASE_URL). It only reads:
 * it never creates or migrates a database. PGlite's directory can be open in one process only, so while the
 * server runs on PGlite, stop it first (PostgreSQL can be verified while the server runs).
 * Exit codes: 0 the chain is intact, 1 a problem was found (the entry is named by its 連番), 2 could not verify
 * (bad arguments, no database, database in use or unreachable).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, readConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { DatabaseError } from '../db/database-error.ts';
import { openDatabase } from '../db/open-database.ts';
import { redactUrl } from '../db/postgres-database.ts';
import { verifyAuditChain } from './verify-audit.ts';

export const AUDIT_VERIFY_EXIT = { intact: 0, problem: 1, cannotVerify: 2 } as const;

export const AUDIT_VERIFY_USAGE = `使い方: npm run audit:verify [-- --database-url postgres://…]
  サーバーと同じデータベース（DATABASE_URL、未設定なら DATA_DIR/pglite）の監査ログを検証します。
  --database-url <URL>  検証する PostgreSQL を指定します（DATABASE_URL より優先）。
終了コード: 0 改ざんなし / 1 問題を検出 / 2 検証できない（引数の誤り、データベースを開けない）`;

export interface AuditVerifyCliIo {
  readonly env: Record<string, string | undefined>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export type AuditVerifyArgs = { ok: true; databaseUrl: string | null } | { ok: false; message: string };

export function parseAuditVerifyArgs(argv: readonly string[]): AuditVerifyArgs {
  let databaseUrl: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { ok: false, message: '' };
    if (arg === '--database-url' || arg.startsWith('--database-url=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value || value.startsWith('--')) return { ok: false, message: '--database-url には postgres:// で始まる接続文字列を指定してください' };
      databaseUrl = value;
    } else return { ok: false, message: `不明な引数です: ${arg}` };
  }
  return { ok: true, databaseUrl };
}

export async function runAuditVerifyCli(argv: readonly string[], io: AuditVerifyCliIo): Promise<number> {
  const args = parseAuditVerifyArgs(argv);
  if (!args.ok) {
    io.err(args.message ? `${args.message}\n${AUDIT_VERIFY_USAGE}` : AUDIT_VERIFY_USAGE);
    return AUDIT_VERIFY_EXIT.cannotVerify;
  }
  let config;
  try {
    config = readConfig({ ...io.env, ...(args.databaseUrl === null ? {} : { DATABASE_URL: args.databaseUrl }) }, []);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`設定が正しくありません: ${error.messageJa}`);
      return AUDIT_VERIFY_EXIT.cannotVerify;
    }
    throw error;
  }
  const where = config.databaseUrl ? `PostgreSQL ${redactUrl(config.databaseUrl)}` : `PGlite ${resolve(config.pgliteDir)}`;
  // Opening a directory that does not exist would create an empty database and report nothing wrong.
  if (!config.databaseUrl && !existsSync(resolve(config.pgliteDir))) {
    io.err(`データベースがありません: ${where}（DATA_DIR か DATABASE_URL を確認してください）。`);
    return AUDIT_VERIFY_EXIT.cannotVerify;
  }

  let db: Database;
  try {
    db = await openDatabase(config);
  } catch (error) {
    if (error instanceof DatabaseError && error.code === 'databaseLocked') {
      io.err(`監査ログを検証できません: ${where} はサーバーが使用中です。PGlite のデータは一度に1つのプロセスしか開けないため、サーバーを停止してからもう一度実行してください。`);
    } else {
      io.err(`データベースを開けませんでした: ${where}（${error instanceof Error ? error.message : String(error)}）`);
    }
    return AUDIT_VERIFY_EXIT.cannotVerify;
  }
  try {
    const [table] = await db.query<{ found: string | null }>(`SELECT to_regclass('audit_log')::text AS found`);
    if (!table?.found) {
      io.err(`監査ログの表がありません: ${where}（サーバーを一度起動してデータベースを更新してください）。`);
      return AUDIT_VERIFY_EXIT.cannotVerify;
    }
    const result = await verifyAuditChain(db);
    if (result.ok) {
      io.out(`監査ログを検証しました: ${result.entries}件、改ざんは見つかりませんでした（先頭ハッシュ ${result.headHash}）`);
      return AUDIT_VERIFY_EXIT.intact;
    }
    io.err(`監査ログに問題があります（連番 ${result.problem.seq}、${KIND_LABELS[result.problem.kind]}）: ${result.problem.message}`);
    io.err(`連番 ${result.problem.seq} より前の ${result.entries}件は正常に検証できました。`);
    return AUDIT_VERIFY_EXIT.problem;
  } finally {
    await db.close();
  }
}

const KIND_LABELS = { altered: '変更', missing: '欠落', inserted: '挿入', brokenLink: '連結切れ' } as const;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runAuditVerifyCli(process.argv.slice(2), {
    env: process.env,
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`監査ログを検証できませんでした（${error instanceof Error ? error.message : String(error)}）。`);
      process.exit(AUDIT_VERIFY_EXIT.cannotVerify);
    },
  );
}
