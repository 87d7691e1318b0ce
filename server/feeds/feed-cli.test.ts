import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { migrate } from '../db/migrate.ts';
import { openPgliteDatabase } from '../db/pglite-database.ts';
import { captureLogger } from '../testing/capture-logger.testing.ts';
import { feedBytes, fixedClock, insuredNumberOf, loadOrganisations, makeFeed, makeRecord, TOKEN_A, TOKEN_B } from '../testing/platform-fixtures.testing.ts';
import { EXIT, formatFeedResult, parseFeedCliArgs, runFeedCli, type FeedCliIo } from './feed-cli.ts';

describe('parseFeedCliArgs', () => {
  it('defaults to direct mode, with an optional token', () => {
    expect(parseFeedCliArgs(['feed.csv'])).toEqual({ ok: true, options: { mode: 'direct', file: 'feed.csv', token: null } });
    expect(parseFeedCliArgs(['--direct', 'feed.csv', '--insurer-token', 'abc'])).toEqual({ ok: true, options: { mode: 'direct', file: 'feed.csv', token: 'abc' } });
  });

  it('uploads to a server with --url and --token (also as --flag=value)', () => {
    expect(parseFeedCliArgs(['feed.csv', '--url=http://localhost:8080/', '--token', 'T0'])).toEqual({
      ok: true,
      options: { mode: 'remote', file: 'feed.csv', token: 'T0', url: 'http://localhost:8080' },
    });
  });

  it('explains what is wrong', () => {
    expect(parseFeedCliArgs([])).toEqual({ ok: false, message: 'ファイルを指定してください' });
    expect(parseFeedCliArgs(['a.csv', '--url', 'http://localhost:8080'])).toMatchObject({ ok: false, message: expect.stringContaining('--token') as string });
    expect(parseFeedCliArgs(['a.csv', '--url', 'localhost'])).toMatchObject({ ok: false });
    expect(parseFeedCliArgs(['a.csv', '--direct', '--url', 'http://x'])).toEqual({ ok: false, message: '--direct と --url は同時に使えません' });
    expect(parseFeedCliArgs(['a.csv', 'b.csv'])).toMatchObject({ ok: false });
    expect(parseFeedCliArgs(['a.csv', '--fast'])).toEqual({ ok: false, message: '不明なオプションです: --fast' });
  });
});

describe('formatFeedResult', () => {
  it('prints counts, or every error with its line and field', () => {
    expect(formatFeedResult({ status: 'applied', feedId: 4, records: 10, inserted: 2, updated: 3, unchanged: 5, changeEvents: 6 }, 'a.csv')).toBe(
      '反映しました: a.csv（フィードID 4）\n  レコード 10件（新規 2件・更新 3件・変更なし 5件）、お知らせ 6件',
    );
    expect(
      formatFeedResult(
        {
          status: 'rejected',
          errors: [
            { line: 12, field: 'careLevel', reason: '要介護状態区分が正しくありません' },
            { line: 0, field: '', reason: 'ファイルが空です' },
          ],
        },
        'a.csv',
      ),
    ).toBe('受け付けませんでした: a.csv（エラー 2件。データベースは変更していません）\n  行 12 / careLevel: 要介護状態区分が正しくありません\n  ファイル全体: ファイルが空です');
  });
});

describe('runFeedCli', () => {
  let dir: string;
  const files = new Map<string, Uint8Array>();
  const output: { out: string[]; err: string[] } = { out: [], err: [] };
  const io = (overrides: Partial<FeedCliIo> = {}): FeedCliIo => ({
    env: { DATA_DIR: dir },
    out: (t) => output.out.push(t),
    err: (t) => output.err.push(t),
    fetch: () => Promise.reject(new Error('no network in this test')),
    readFile: (path) => {
      const bytes = files.get(path);
      return bytes ? Promise.resolve(bytes) : Promise.reject(Object.assign(new Error('missing'), { code: 'ENOENT' }));
    },
    clock: fixedClock,
    ...overrides,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagi-feed-cli-'));
    const db = await openPgliteDatabase({ dataDir: join(dir, 'pglite') });
    await migrate(db);
    await loadOrganisations(db);
    await db.close();
    files.set('feed-a.json', feedBytes(makeFeed([makeRecord(insuredNumberOf(1)), makeRecord(insuredNumberOf(2))])));
    files.set('broken.json', new TextEncoder().encode('{"format":"tsunagi-insurer-feed"'));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies a file directly, then finds nothing new in it the second time', async () => {
    output.out.length = 0;
    expect(await runFeedCli(['feed-a.json'], io())).toBe(EXIT.applied);
    expect(output.out.join('\n')).toContain('新規 2件');
    expect(await runFeedCli(['feed-a.json', '--token', TOKEN_A], io())).toBe(EXIT.applied);
    expect(output.out.at(-1)).toContain('新規 0件・更新 0件・変更なし 2件');
  }, 60_000);

  it("refuses another insurer's token in direct mode, a broken file, and a missing file", async () => {
    output.err.length = 0;
    expect(await runFeedCli(['feed-a.json', '--token', TOKEN_B], io())).toBe(EXIT.rejected);
    expect(output.err.at(-1)).toBe('このトークンでは保険者番号 229011 のフィードを反映できません。');
    expect(await runFeedCli(['broken.json'], io())).toBe(EXIT.rejected);
    expect(output.err.at(-1)).toMatch(/^受け付けませんでした: broken\.json（エラー 1件/);
    expect(await runFeedCli(['nowhere.json'], io())).toBe(EXIT.usage);
    expect(output.err.at(-1)).toBe('ファイルを読めません: nowhere.json（ENOENT）');
  }, 60_000);

  it('says the server holds the database and how to upload through it instead', async () => {
    const running = await openPgliteDatabase({ dataDir: join(dir, 'pglite') });
    try {
      output.err.length = 0;
      expect(await runFeedCli(['feed-a.json'], io({ env: { DATA_DIR: dir, PORT: '8123' } }))).toBe(EXIT.unreachable);
      expect(output.err.join('\n')).toContain('npm run feed -- feed-a.json --url http://localhost:8123 --token <フィード用トークン>');
    } finally {
      await running.close();
    }
  }, 60_000);

  it('uploads over the API with --url and reports the server’s answer', async () => {
    const db = await openPgliteDatabase({ dataDir: join(dir, 'pglite') });
    try {
      const app = createApp({ db, logger: captureLogger().logger, clock: fixedClock });
      const viaApp: FeedCliIo['fetch'] = async (url, init) => app.request(url, init);
      output.out.length = 0;
      output.err.length = 0;
      expect(await runFeedCli(['feed-a.json', '--url', 'http://localhost:8080', '--token', TOKEN_A], io({ fetch: viaApp }))).toBe(EXIT.applied);
      expect(output.out.at(-1)).toContain('変更なし 2件');
      expect(await runFeedCli(['feed-a.json', '--url', 'http://localhost:8080', '--token', 'wrong-token-0000000'], io({ fetch: viaApp }))).toBe(EXIT.rejected);
      expect(output.err.at(-1)).toBe('受け付けませんでした（HTTP 401）: フィード用トークンがないか、正しくありません。');
      expect(await runFeedCli(['feed-a.json', '--url', 'http://localhost:9', '--token', TOKEN_A], io())).toBe(EXIT.unreachable);
    } finally {
      await db.close();
    }
  }, 60_000);
});
