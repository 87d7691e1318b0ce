/**
 * Starts the platform server on Node: reads the configuration, opens and migrates the database, seeds the demo
 * dataset into an empty database when started with --demo, and serves the API and the built PWA on
 * http://localhost:<PORT>. SIGINT/SIGTERM stop it gracefully: connections close, then the database (PGlite
 * writes its files on close).
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import { join, resolve } from 'node:path';
import { createApp } from './app.ts';
import { ConfigError, readConfig, tokyoDate, type ServerConfig } from './config.ts';
import type { Database } from './db/database.ts';
import { DatabaseError } from './db/database-error.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open-database.ts';
import { countInsurers, listInsurers } from './db/organisation-store.ts';
import { redactUrl } from './db/postgres-database.ts';
import { generateDemoData } from './demo/generate-demo-data.ts';
import { createLogger, type Logger } from './logger.ts';
import { describeDemoCode, DEMO_CODE_VALID_HOURS, issueDemoActivationCodes } from './seed/demo-activation.ts';
import { demoFeedToken, seedDemo } from './seed/seed-demo.ts';
import { createNodeServer, type NodeFetch } from './tls/create-node-server.ts';
import { buildTlsOptions } from './tls/tls-options.ts';

/** The demo's seed: the same people on every machine. */
const DEMO_SEED = 1;

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = readConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`設定が正しくありません: ${error.messageJa}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const clock = () => new Date();

  let db: Database;
  try {
    db = await openDatabase(config);
  } catch (error) {
    console.error(describeOpenFailure(error, config));
    process.exit(1);
  }
  console.log(`データベース: ${config.databaseUrl ? `PostgreSQL ${redactUrl(config.databaseUrl)}` : `PGlite ${resolve(config.pgliteDir)}`}`);

  try {
    const { applied, current } = await migrate(db);
    if (applied.length > 0) console.log(`スキーマを更新しました: v${current}`);
    if (config.demo) await seedIfEmpty(db, config, clock);
  } catch (error) {
    logger.fatal({ err: error }, 'startup failed');
    console.error('起動に失敗しました（データベースの準備中）。');
    await db.close();
    process.exit(1);
  }

  const staticDir = existsSync(join(config.staticDir, 'index.html')) ? config.staticDir : undefined;
  if (!staticDir) console.log(`画面（PWA）のビルドが ${resolve(config.staticDir)} にありません。先に npm run build を実行してください（APIだけ起動します）。`);

  const app = createApp({ db, logger, clock, auth: config.auth, trustProxy: config.trustProxy, ...(staticDir ? { staticDir } : {}) });
  const servers = await listen(app.fetch, config, logger);
  if (servers.length === 0) {
    await db.close();
    process.exit(1);
  }
  console.log(`Tsunagi: ${config.tls ? 'https' : 'http'}://localhost:${config.port}`);
  if (config.demo) {
    for (const insurer of await listInsurers(db)) {
      console.log(`  デモ用フィードトークン ${insurer.name}（${insurer.insurerNumber}）: ${demoFeedToken(insurer.insurerNumber)}`);
    }
    console.log(`タブレットの登録（この起動で発行、${DEMO_CODE_VALID_HOURS}時間有効・1回限り）: 画面の「端末を登録」に入力してください。`);
    for (const code of await issueDemoActivationCodes(db, clock)) console.log(describeDemoCode(code));
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} を受け取りました。停止します…`);
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 3000).unref();
          }),
      ),
    );
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function seedIfEmpty(db: Database, config: ServerConfig, clock: () => Date): Promise<void> {
  if ((await countInsurers(db)) > 0) return;
  const today = tokyoDate(clock());
  const started = performance.now();
  const dataset = generateDemoData({ seed: DEMO_SEED, size: config.demoSize, today });
  const report = await seedDemo(db, dataset, clock, today);
  const fed = report.feeds.map(({ insurer, result }) => `${insurer.name} ${result === 'alreadyApplied' ? '反映済み' : result.status === 'applied' ? `${result.inserted}件` : '却下'}`);
  console.log(
    `デモデータを登録しました（${today} 時点、${dataset.records.length}人、${Math.round(performance.now() - started)} ms）: フィード ${fed.join('・') || 'なし'}／紙運用 ${report.paperRecords}人`,
  );
}

/**
 * Listens on HOST, or on both loopback addresses so that http://localhost works whichever one it resolves to;
 * over HTTPS (mutual TLS with TLS_CLIENT_CA_FILE) when TLS_CERT_FILE and TLS_KEY_FILE are set.
 */
async function listen(fetch: NodeFetch, config: ServerConfig, logger: Logger): Promise<Server[]> {
  let serverOptions: HttpsServerOptions | null;
  try {
    serverOptions = config.tls ? buildTlsOptions(config.tls) : null;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`設定が正しくありません: ${error.messageJa}`);
    return [];
  }
  const hosts = config.host ? [config.host] : ['127.0.0.1', '::1'];
  const servers: Server[] = [];
  for (const host of hosts) {
    const server = createNodeServer(fetch, serverOptions);
    try {
      await new Promise<void>((done, fail) => {
        server.once('error', fail);
        server.listen(config.port, host, () => {
          server.off('error', fail);
          done();
        });
      });
      servers.push(server);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        console.error(`ポート ${config.port}（${host}）は別のプログラムが使用中です。PORT=8081 のように別のポートを指定してください。`);
        servers.forEach((s) => s.close());
        return [];
      }
      // A machine without IPv6 still serves on 127.0.0.1.
      if (host === '::1' && servers.length > 0) continue;
      logger.error({ err: error, host }, 'listen failed');
      console.error(`${host}:${config.port} で待ち受けできませんでした（${code ?? 'error'}）。`);
      servers.forEach((s) => s.close());
      return [];
    }
  }
  if (serverOptions) console.log(serverOptions.requestCert ? 'HTTPS（クライアント証明書を必須とする相互TLS）で待ち受けます。' : 'HTTPS で待ち受けます（クライアント証明書なし）。');
  return servers;
}

function describeOpenFailure(error: unknown, config: ServerConfig): string {
  if (error instanceof DatabaseError && error.code === 'databaseLocked') {
    return `${error.messageJa}\nPGlite のデータ（${resolve(config.pgliteDir)}）は一度に1つのプロセスしか開けません。すでにサーバーが起動していないか確認してください。`;
  }
  if (error instanceof DatabaseError) return `${error.messageJa}（${error.message}）`;
  return `データベースを開けませんでした: ${error instanceof Error ? error.message : String(error)}`;
}

void main();
