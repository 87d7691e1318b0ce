/**
 * `npm run feed -- <file> [--direct] [--token T] | [--url http://localhost:8080 --token T]`
 *
 * Applies an insurer feed file. By default (--direct) it writes to the local database the server uses
 * (DATABASE_URL, or PGlite in DATA_DIR/pglite); `--token` is then optional and, when given, must belong to the
 * file's insurer. PGlite's directory can only be open in one process: while the server runs, upload through
 * its API instead with `--url … --token …`.
 * Prints the result in Japanese. Exit codes: 0 applied, 1 rejected, 2 usage (bad arguments, unreadable file),
 * 3 the database or server could not be reached.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FeedResult, type FeedError } from '../../src/protocol/feed.ts';
import { ApiError } from '../../src/protocol/people.ts';
import { ConfigError, readConfig } from '../config.ts';
import { DatabaseError } from '../db/database-error.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open-database.ts';
import { findInsurer } from '../db/organisation-store.ts';
import { applyFeed } from './apply-feed.ts';
import { findInsurerOfFeedToken } from './feed-credentials.ts';
import { parseFeed } from './parse-feed.ts';

export const EXIT = { applied: 0, rejected: 1, usage: 2, unreachable: 3 } as const;

export const FEED_CLI_USAGE = `使い方: npm run feed -- <ファイル> [オプション]
  --direct            ローカルのデータベースに直接反映します（既定）。サーバー停止中に使います。
  --token <T>         フィード用トークン（--insurer-token も可）。--direct では省略できます。
  --url <URL>         起動中のサーバーのAPIに送信します（例: --url http://localhost:8080 --token <T>）。
終了コード: 0 反映 / 1 却下 / 2 使い方の誤り / 3 データベースやサーバーに接続できない`;

export type FeedCliOptions =
  | { readonly mode: 'direct'; readonly file: string; readonly token: string | null }
  | { readonly mode: 'remote'; readonly file: string; readonly token: string; readonly url: string };

export type ParsedArgs = { ok: true; options: FeedCliOptions } | { ok: false; message: string };

export function parseFeedCliArgs(argv: readonly string[]): ParsedArgs {
  let file: string | null = null;
  let token: string | null = null;
  let url: string | null = null;
  let direct = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | null => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) return null;
      i++;
      return next;
    };
    if (flag === '--direct') direct = true;
    else if (flag === '--token' || flag === '--insurer-token') {
      token = value();
      if (!token) return { ok: false, message: `${flag} にはトークンを指定してください` };
    } else if (flag === '--url') {
      url = value();
      if (!url || !/^https?:\/\/[^\s]+$/.test(url)) return { ok: false, message: '--url には http://localhost:8080 のようなURLを指定してください' };
    } else if (flag === '--help' || flag === '-h') return { ok: false, message: '' };
    else if (flag.startsWith('-')) return { ok: false, message: `不明なオプションです: ${flag}` };
    else if (file === null) file = arg;
    else return { ok: false, message: `ファイルは1つだけ指定してください（${arg}）` };
  }
  if (file === null) return { ok: false, message: 'ファイルを指定してください' };
  if (url !== null && direct) return { ok: false, message: '--direct と --url は同時に使えません' };
  if (url !== null) {
    if (!token) return { ok: false, message: '--url で送信するには --token でフィード用トークンを指定してください' };
    return { ok: true, options: { mode: 'remote', file, token, url: url.replace(/\/+$/, '') } };
  }
  return { ok: true, options: { mode: 'direct', file, token } };
}

/** The result for people: counts when applied, every error as `行 12 / field: reason` when rejected. */
export function formatFeedResult(result: FeedResult, fileName: string): string {
  if (result.status === 'applied') {
    return [
      `反映しました: ${fileName}（フィードID ${result.feedId}）`,
      `  レコード ${result.records}件（新規 ${result.inserted}件・更新 ${result.updated}件・変更なし ${result.unchanged}件）、お知らせ ${result.changeEvents}件`,
    ].join('\n');
  }
  return [`受け付けませんでした: ${fileName}（エラー ${result.errors.length}件。データベースは変更していません）`, ...result.errors.map(formatFeedError)].join('\n');
}

function formatFeedError(error: FeedError): string {
  const where = error.line > 0 ? `行 ${error.line}` : 'ファイル全体';
  return error.field ? `  ${where} / ${error.field}: ${error.reason}` : `  ${where}: ${error.reason}`;
}

export interface FeedCliIo {
  readonly env: Record<string, string | undefined>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  readonly readFile: (path: string) => Promise<Uint8Array>;
  readonly clock: () => Date;
}

export async function runFeedCli(argv: readonly string[], io: FeedCliIo): Promise<number> {
  const parsed = parseFeedCliArgs(argv);
  if (!parsed.ok) {
    if (parsed.message) io.err(parsed.message);
    io.err(FEED_CLI_USAGE);
    return parsed.message ? EXIT.usage : EXIT.applied;
  }
  const { options } = parsed;
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(options.file);
  } catch (error) {
    io.err(`ファイルを読めません: ${options.file}（${(error as NodeJS.ErrnoException).code ?? 'error'}）`);
    return EXIT.usage;
  }
  const fileName = basename(options.file);
  return options.mode === 'remote' ? uploadToServer(options, bytes, fileName, io) : applyDirectly(options, bytes, fileName, io);
}

async function uploadToServer(options: Extract<FeedCliOptions, { mode: 'remote' }>, bytes: Uint8Array, fileName: string, io: FeedCliIo): Promise<number> {
  let response: Response;
  try {
    response = await io.fetch(`${options.url}/api/v1/feeds`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.token}`, 'X-File-Name': encodeURIComponent(fileName), 'Content-Type': 'application/octet-stream' },
      body: bytes,
    });
  } catch {
    io.err(`サーバー ${options.url} に接続できません。サーバーが起動しているか確認してください（停止中なら --direct で直接反映できます）。`);
    return EXIT.unreachable;
  }
  const body: unknown = await response.json().catch(() => null);
  const result = FeedResult.safeParse(body);
  if ((response.status === 200 || response.status === 422) && result.success) {
    (result.data.status === 'applied' ? io.out : io.err)(formatFeedResult(result.data, fileName));
    return result.data.status === 'applied' ? EXIT.applied : EXIT.rejected;
  }
  const apiError = ApiError.safeParse(body);
  io.err(`受け付けませんでした（HTTP ${response.status}）: ${apiError.success ? apiError.data.message : 'サーバーの応答を読めませんでした'}`);
  return response.status >= 500 ? EXIT.unreachable : EXIT.rejected;
}

async function applyDirectly(options: Extract<FeedCliOptions, { mode: 'direct' }>, bytes: Uint8Array, fileName: string, io: FeedCliIo): Promise<number> {
  const parsedFile = parseFeed(bytes, fileName);
  if (!parsedFile.ok) {
    io.err(formatFeedResult({ status: 'rejected', errors: parsedFile.errors }, fileName));
    return EXIT.rejected;
  }
  let config;
  try {
    config = readConfig(io.env, []);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`設定が正しくありません: ${error.messageJa}`);
      return EXIT.usage;
    }
    throw error;
  }
  let db;
  try {
    db = await openDatabase(config);
  } catch (error) {
    if (error instanceof DatabaseError && error.code === 'databaseLocked') {
      io.err(
        [
          `データベース（${config.pgliteDir}）はサーバーが使用中のため、直接は反映できません。`,
          'サーバー経由で送信してください:',
          `  npm run feed -- ${options.file} --url http://localhost:${config.port} --token <フィード用トークン>`,
        ].join('\n'),
      );
      return EXIT.unreachable;
    }
    io.err(error instanceof DatabaseError ? `${error.messageJa}（${error.message}）` : `データベースを開けません: ${(error as Error).message}`);
    return EXIT.unreachable;
  }
  try {
    await migrate(db);
    const file = parsedFile.file;
    if (options.token !== null) {
      const owner = await findInsurerOfFeedToken(db, options.token);
      if (owner === null) {
        io.err('フィード用トークンが正しくありません。');
        return EXIT.rejected;
      }
      if (owner !== file.insurerNumber) {
        io.err(`このトークンでは保険者番号 ${file.insurerNumber} のフィードを反映できません。`);
        return EXIT.rejected;
      }
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const result = await applyFeed(db, file, { fileName, sha256, encoding: parsedFile.encoding }, io.clock);
    const insurer = await findInsurer(db, file.insurerNumber);
    const label = insurer ? `${insurer.name}（${insurer.insurerNumber}）${fileName}` : fileName;
    (result.status === 'applied' ? io.out : io.err)(formatFeedResult(result, label));
    return result.status === 'applied' ? EXIT.applied : EXIT.rejected;
  } finally {
    await db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runFeedCli(process.argv.slice(2), {
    env: process.env,
    out: (text) => console.log(text),
    err: (text) => console.error(text),
    fetch: (url, init) => fetch(url, init),
    readFile: async (path) => new Uint8Array(await readFile(path)),
    clock: () => new Date(),
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`反映中にエラーが発生しました。データベースは変更していません（${error instanceof Error ? error.message : String(error)}）。`);
      process.exit(EXIT.unreachable);
    },
  );
}
