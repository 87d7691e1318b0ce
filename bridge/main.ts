/**
 * `npm run bridge`: the companion program on the office PC. Loads the PC/SC binding (saying exactly what is
 * missing when it cannot), serves the bridge on ws://127.0.0.1:<port>/v1 and ws://[::1]:<port>/v1, shows the
 * pairing code on stdout (structured logs go to stderr), and stops cleanly on SIGINT/SIGTERM. The other
 * commands (`--list-pairings`, `--unpair`, `--show-code`, `--install-autostart`, `--help`) do their one job
 * and exit; see `config.ts`.
 */
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { BRIDGE_PATH } from '../src/protocol/bridge.ts';
import { createBridge } from './app.ts';
import { AutostartError, installAutostart } from './autostart.ts';
import { BridgeConfigError, readBridgeConfig, USAGE, type BridgeConfig } from './config.ts';
import { createFilePairingStore, PairingFileError } from './file-pairing-store.ts';
import { createLogger } from './logger.ts';
import { readPairingCodeFile, removePairingCodeFile, writePairingCodeFile } from './pairing-code-file.ts';
import type { PairingStore } from './pairing-store.ts';
import { createSmartcardPcsc, loadSmartcardBinding } from './pcsc-smartcard.ts';
import { isPcscError, type PcscPort } from './pcsc-port.ts';
import { BridgeListenError, listenBridge } from './server.ts';

async function main(): Promise<number> {
  let config: BridgeConfig;
  try {
    config = readBridgeConfig(process.env, process.argv.slice(2), process.platform, homedir());
  } catch (error) {
    if (error instanceof BridgeConfigError) {
      console.error(`設定が正しくありません: ${error.messageJa}\ninvalid configuration: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const store = createFilePairingStore(join(config.configDir, 'pairings.json'));
  try {
    switch (config.command.kind) {
      case 'help':
        console.log(USAGE);
        return 0;
      case 'listPairings':
        return await listPairings(store);
      case 'unpair': {
        const removed = await store.removeOrigin(config.command.origin);
        console.log(
          removed > 0
            ? `${config.command.origin} のペアリングを解除しました（${removed}件）/ unpaired ${config.command.origin} (${removed})`
            : `${config.command.origin} はペアリングされていません / ${config.command.origin} was not paired`,
        );
        return 0;
      }
      case 'showCode': {
        const code = await readPairingCodeFile(config.configDir);
        if (!code) {
          console.error('連携アプリが起動していません / the bridge is not running (no pairing code)');
          return 1;
        }
        printCode(code);
        return 0;
      }
      case 'installAutostart':
        return await autostart(config);
      case 'serve':
        return await serve(config, store);
    }
  } catch (error) {
    if (error instanceof PairingFileError || error instanceof AutostartError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

async function listPairings(store: PairingStore): Promise<number> {
  const pairings = await store.list();
  if (pairings.length === 0) {
    console.log('ペアリング済みの画面はありません / no paired origins');
    return 0;
  }
  for (const p of pairings) console.log(`${p.origin}\t${p.createdAt}`);
  return 0;
}

async function autostart(config: BridgeConfig): Promise<number> {
  const environment: Record<string, string> = {};
  if (config.explicit.port) environment['BRIDGE_PORT'] = String(config.port);
  if (config.explicit.allowedOrigins) environment['BRIDGE_ALLOWED_ORIGINS'] = config.allowedOrigins.join(',');
  if (config.explicit.configDir) environment['BRIDGE_CONFIG_DIR'] = resolve(config.configDir);
  const entry = await installAutostart(
    { platform: process.platform, home: homedir(), env: process.env },
    { node: process.execPath, args: [...process.execArgv, resolve(process.argv[1] ?? 'bridge/main.ts')], workingDir: process.cwd(), environment },
  );
  console.log(`自動起動の設定を書き込みました / wrote the start-at-login entry: ${entry.path}`);
  console.log('有効にするには / to enable it now:');
  for (const step of entry.nextSteps) console.log(`  ${step}`);
  return 0;
}

function printCode(code: string): void {
  console.log(`ペアリングコード / pairing code: ${code}`);
  console.log('  Tsunagi の画面で「連携アプリとつなぐ」を選び、このコードを入力してください。');
  console.log('  In Tsunagi, choose "Connect the bridge" and enter this code.');
}

async function serve(config: BridgeConfig, store: PairingStore): Promise<number> {
  const logger = createLogger({ level: config.logLevel });
  let pcsc: PcscPort;
  try {
    // The monitor repeats its error every second while pcscd is away: log each new reason once.
    let lastMonitorError = '';
    const onMonitorError = (reason: string) => {
      if (reason !== lastMonitorError) logger.warn({ reason }, 'reader monitor error');
      lastMonitorError = reason;
    };
    pcsc = createSmartcardPcsc(loadSmartcardBinding(), { onMonitorError });
  } catch (error) {
    if (!isPcscError(error)) throw error;
    console.error(`カードリーダー機能（PC/SC）を使えません / PC/SC is not available: ${error.message}`);
    return 1;
  }
  try {
    const readers = await pcsc.listReaders();
    console.log(
      readers.length === 0
        ? 'カードリーダーが見つかりません（あとから接続できます）/ no card reader yet (plug one in any time)'
        : `カードリーダー / card readers: ${readers.map((r) => r.name).join(', ')}`,
    );
  } catch (error) {
    if (!isPcscError(error)) throw error;
    // pcscd may start later (socket activation, a reader plugged in); the app is told the same reason.
    console.error(`注意 / warning: ${error.message}`);
  }
  await store.list();

  let ready = false;
  let codeWrite: Promise<void> = Promise.resolve();
  const bridge = createBridge({
    pcsc,
    allowedOrigins: config.allowedOrigins,
    pairingStore: store,
    logger,
    clock: () => new Date(),
    random: (size) => new Uint8Array(randomBytes(size)),
    onPairingCode: (code) => {
      codeWrite = codeWrite
        .then(() => writePairingCodeFile(config.configDir, code))
        .catch((error: unknown) => logger.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'cannot write the pairing code file'));
      if (ready) printCode(code);
    },
  });

  let listening;
  try {
    listening = await listenBridge(bridge, { port: config.port });
  } catch (error) {
    if (!(error instanceof BridgeListenError)) throw error;
    console.error(error.message);
    await bridge.close();
    await pcsc.close();
    return 1;
  }
  for (const failure of listening.failures) logger.info({ host: failure.host, error: failure.error }, 'loopback address not available');
  const urls = listening.addresses.map((a) => `ws://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}${BRIDGE_PATH}`);
  console.log(`Tsunagi 連携アプリ / bridge: ${urls.join('  ')}`);
  console.log(`接続を許可する画面 / allowed origins: ${config.allowedOrigins.join(', ')}`);
  ready = true;
  printCode(bridge.pairingCode());

  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: 停止します / stopping`);
      resolveStop();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await listening.close();
  await pcsc.close();
  await codeWrite;
  await removePairingCodeFile(config.configDir);
  logger.flush();
  return 0;
}

process.exit(await main());
