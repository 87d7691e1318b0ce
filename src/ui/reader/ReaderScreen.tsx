/**
 * The card reader screen (「カードリーダー」, route `#/reader`): what this device can use to reach a My Number
 * card, said plainly; the readers the card worker sees; pairing with the companion bridge; and a check of a
 * card: read the 利用者証明用電子証明書 (no PIN), show the tries left before any PIN is typed, then a
 * signature of a test digest with the 4-digit auth PIN typed on a large pad. The PIN goes straight to the
 * worker and is cleared from the pad as soon as it is sent. The view model (reader-view.ts) does the wording.
 */
import { createSignal, For, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { sharedCardClient, type CardClient } from '../../card/card-client.ts';
import { pairWithBridge, type PairingError } from '../../card/bridge-pairing.ts';
import { bridgeSettingsOf, forgetBridgePairing, loadBridgePairing, saveBridgePairing, type BridgePairing, type PairingStorage } from '../../card/bridge-pairing-store.ts';
import { CARD_ERROR_MESSAGES, type CardProgress, type CardReader, type PinRetries } from '../../protocol/card.ts';
import type { BridgeStatus } from '../../../workers/transports/bridge-transport-settings.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import { BiText } from '../i18n/BiText.tsx';
import { translate, type MessageKey } from '../i18n/translate.ts';
import {
  availabilityLines,
  certificateExpiry,
  certificateReadMessage,
  EMPTY_PIN_PAD,
  errorText,
  maskedPin,
  pinComplete,
  pinPadReducer,
  progressView,
  RC_S380_FILTERS,
  retriesMessage,
  type BiText as BiTextValue,
  type BrowserCapabilities,
  type PinPadAction,
} from './reader-view.ts';
import './reader.css';

export interface ReaderScreenProps {
  onBack: () => void;
  /** The card worker's client; the page's shared one by default. */
  client?: CardClient;
  /** Where the bridge pairing is kept; localStorage by default. */
  storage?: PairingStorage;
}

/** The text signed by 「電子署名を試す」: fixed, so nothing personal is ever signed by this test. */
const TEST_SIGNING_TEXT = 'Tsunagi カードリーダーの確認';

interface UsbLike {
  requestDevice(options: { filters: { vendorId: number; productId: number }[] }): Promise<unknown>;
}

function browserCapabilities(): BrowserCapabilities {
  const nav = globalThis.navigator as Navigator | undefined;
  const ua = nav?.userAgent ?? '';
  return {
    webUsb: nav !== undefined && 'usb' in nav,
    webNfc: 'NDEFReader' in globalThis,
    ios: /iPhone|iPad|iPod/.test(ua) || (nav?.platform === 'MacIntel' && nav.maxTouchPoints > 1),
  };
}

/** localStorage, or none where the browser refuses it (storage disabled): then nothing is remembered. */
function defaultStorage(): PairingStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

const KIND_KEY: Record<CardReader['kind'], MessageKey> = { virtual: 'readerKindVirtual', bridge: 'readerKindBridge', webusb: 'readerKindWebusb' };

const BRIDGE_STATUS_KEY: Record<BridgeStatus['state'], MessageKey> = {
  off: 'readerBridgeOff',
  connected: 'readerBridgeConnected',
  unreachable: 'readerBridgeUnreachable',
  refused: 'readerBridgeRefused',
};

type Notice = { level: 'success' | 'error' | 'warning'; text: BiTextValue };

export function ReaderScreen(props: ReaderScreenProps): JSX.Element {
  const client = props.client ?? sharedCardClient();
  const storage = props.storage ?? defaultStorage();
  const caps = browserCapabilities();

  const [readers, setReaders] = createSignal<CardReader[]>([]);
  const [readersLoaded, setReadersLoaded] = createSignal(false);
  const [selected, setSelected] = createSignal<string>('virtual:demo');
  const [busyReader, setBusyReader] = createSignal<string | null>(null);
  const [progress, setProgress] = createSignal<CardProgress | null>(null);
  const [certificateNotice, setCertificateNotice] = createSignal<BiTextValue | null>(null);
  const [retries, setRetries] = createSignal<PinRetries | null>(null);
  const [notice, setNotice] = createSignal<Notice | null>(null);
  const [pad, setPad] = createSignal(EMPTY_PIN_PAD);
  const [lastTryConfirmed, setLastTryConfirmed] = createSignal(false);

  const [pairing, setPairing] = createSignal<BridgePairing>(loadBridgePairing(storage));
  const [bridgeStatus, setBridgeStatus] = createSignal<BridgeStatus>({ state: 'off' });
  const [pairingCode, setPairingCode] = createSignal('');
  const [portText, setPortText] = createSignal(String(pairing().port));
  const [pairingBusy, setPairingBusy] = createSignal(false);
  const [pairingError, setPairingError] = createSignal<PairingError | null>(null);
  const [pairingDone, setPairingDone] = createSignal(false);
  const [usbFailed, setUsbFailed] = createSignal(false);

  let heading: HTMLHeadingElement | undefined;
  let disposed = false;
  onCleanup(() => {
    disposed = true;
    const running = busyReader();
    if (running) void client.cancel(running);
  });

  async function refreshReaders(): Promise<void> {
    const listed = await client.listReaders();
    if (disposed) return;
    setReadersLoaded(true);
    if (!listed.ok) {
      setNotice({ level: 'error', text: errorText(listed.error) });
      return;
    }
    setReaders(listed.value);
    if (!listed.value.some((r) => r.id === selected()) && listed.value[0]) setSelected(listed.value[0].id);
  }

  async function applyBridgeSettings(next: BridgePairing): Promise<void> {
    const status = await client.configureBridge(bridgeSettingsOf(next));
    if (disposed) return;
    setBridgeStatus(status);
    await refreshReaders();
  }

  onMount(() => {
    heading?.focus();
    void applyBridgeSettings(pairing());
  });

  const onProgress = (p: CardProgress) => {
    if (!disposed) setProgress(p);
  };

  function startOperation(): string {
    const readerId = selected();
    setBusyReader(readerId);
    setProgress(null);
    setNotice(null);
    return readerId;
  }

  function endOperation(): void {
    setBusyReader(null);
    setProgress(null);
  }

  async function checkCard(): Promise<void> {
    const readerId = startOperation();
    setCertificateNotice(null);
    setRetries(null);
    setPad(EMPTY_PIN_PAD);
    setLastTryConfirmed(false);
    try {
      const read = await client.readCertificate(readerId, onProgress);
      if (disposed) return;
      if (!read.ok) {
        setNotice({ level: 'error', text: errorText(read.error) });
        return;
      }
      setCertificateNotice(certificateReadMessage(certificateExpiry(read.value.authCertificate)));
      const left = await client.readRetries(readerId, 'jpki', onProgress);
      if (disposed) return;
      if (left.ok) setRetries(left.value);
      else setNotice({ level: 'error', text: errorText(left.error) });
    } finally {
      endOperation();
    }
  }

  async function sign(): Promise<void> {
    const known = retries();
    if (!known || !pinComplete(pad())) return;
    const pin = pad().digits;
    setPad(EMPTY_PIN_PAD);
    const readerId = startOperation();
    try {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(TEST_SIGNING_TEXT)));
      const signed = await client.verifyAndSign(readerId, pin, digest, { confirmLastTry: known.triesLeft === 1 && lastTryConfirmed() }, onProgress);
      if (disposed) return;
      if (signed.ok) {
        setNotice({ level: 'success', text: { ja: t('readerSignSuccess'), en: translate('en', 'readerSignSuccess') } });
        // A correct VERIFY resets the card's counter (ISO/IEC 7816-4 §11.5.6).
        setRetries({ ...known, triesLeft: 3, blocked: false });
        setLastTryConfirmed(false);
        return;
      }
      const error = signed.error;
      setNotice({ level: error.code === 'lastTryNeedsConfirmation' ? 'warning' : 'error', text: errorText(error) });
      if (error.code === 'wrongPin' && error.triesLeft !== undefined) setRetries({ ...known, triesLeft: error.triesLeft, blocked: error.triesLeft === 0 });
      if (error.code === 'pinBlocked') setRetries({ ...known, triesLeft: 0, blocked: true });
    } finally {
      endOperation();
    }
  }

  async function cancel(): Promise<void> {
    const running = busyReader();
    if (running) await client.cancel(running);
  }

  function press(action: PinPadAction): void {
    setPad((state) => pinPadReducer(state, action));
  }

  function onPadKey(event: KeyboardEvent): void {
    if (/^[0-9]$/.test(event.key)) press({ type: 'digit', digit: event.key });
    else if (event.key === 'Backspace') press({ type: 'backspace' });
    else if (event.key === 'Escape') press({ type: 'clear' });
    else if (event.key === 'Enter' && pinComplete(pad())) void sign();
    else return;
    event.preventDefault();
  }

  function port(): number | null {
    const value = Number(portText());
    return Number.isInteger(value) && value >= 1024 && value <= 65535 ? value : null;
  }

  async function pair(event: Event): Promise<void> {
    event.preventDefault();
    const chosenPort = port();
    if (chosenPort === null) return;
    setPairingBusy(true);
    setPairingError(null);
    setPairingDone(false);
    try {
      const outcome = await pairWithBridge({ code: pairingCode(), port: chosenPort });
      if (disposed) return;
      if (!outcome.ok) {
        setPairingError(outcome.error);
        return;
      }
      const next: BridgePairing = { port: chosenPort, token: outcome.token, pairedAt: new Date().toISOString() };
      saveBridgePairing(storage, next);
      setPairing(next);
      setPairingCode('');
      setPairingDone(true);
      await applyBridgeSettings(next);
    } finally {
      setPairingBusy(false);
    }
  }

  async function unpair(): Promise<void> {
    const next = forgetBridgePairing(storage, pairing().port);
    setPairing(next);
    setPairingDone(false);
    await applyBridgeSettings(next);
  }

  async function connectUsb(): Promise<void> {
    setUsbFailed(false);
    const usb = (navigator as Navigator & { usb?: UsbLike }).usb;
    if (!usb) return;
    try {
      await usb.requestDevice({ filters: RC_S380_FILTERS.map((f) => ({ ...f })) });
    } catch (error) {
      // NotFoundError: the person closed the chooser without picking a device.
      if (!(error instanceof DOMException && error.name === 'NotFoundError')) setUsbFailed(true);
      return;
    }
    await refreshReaders();
  }

  const busy = () => busyReader() !== null;
  const retriesView = () => {
    const r = retries();
    return r ? retriesMessage(r) : null;
  };
  const canSign = () => {
    const r = retries();
    if (!r || r.blocked || busy() || !pinComplete(pad())) return false;
    return r.triesLeft !== 1 || lastTryConfirmed();
  };

  return (
    <section class="reader-screen" aria-labelledby="reader-heading" data-testid="reader-screen">
      <div class="reader-toolbar">
        <button type="button" class="button back-button" onClick={() => props.onBack()} data-testid="reader-back">
          <span aria-hidden="true" class="back-arrow">
            ←
          </span>
          <Bi k="readerBack" />
        </button>
        <h1 id="reader-heading" class="screen-title" tabindex="-1" ref={(el) => (heading = el)}>
          <Bi k="readerHeading" />
        </h1>
      </div>

      <div class="reader-body">
        <section class="reader-card" aria-labelledby="reader-availability">
          <h2 id="reader-availability" class="reader-card-title">
            <Bi k="readerAvailabilityHeading" />
          </h2>
          <ul class="reader-availability" data-testid="reader-availability">
            <For each={availabilityLines(caps)}>
              {(line) => (
                <li class={`availability availability-${line.state}`} data-id={line.id}>
                  <span aria-hidden="true" class="availability-mark">
                    {line.state === 'available' ? '○' : line.state === 'unavailable' ? '×' : 'i'}
                  </span>
                  <BiText ja={line.text.ja} en={line.text.en} />
                </li>
              )}
            </For>
          </ul>
          <Show when={caps.webUsb}>
            <button type="button" class="button" onClick={() => void connectUsb()} data-testid="reader-connect-usb">
              <Bi k="readerConnectUsb" />
            </button>
            <Show when={usbFailed()}>
              <p class="notice notice-error" role="alert">
                <Bi k="readerUsbFailed" />
              </p>
            </Show>
          </Show>
        </section>

        <section class="reader-card" aria-labelledby="reader-list-heading">
          <h2 id="reader-list-heading" class="reader-card-title">
            <Bi k="readerListHeading" />
          </h2>
          <Show when={readers().length > 0} fallback={<p class="hint">{readersLoaded() ? t('readerListEmpty') : t('loading')}</p>}>
            <div class="reader-list" role="radiogroup" aria-labelledby="reader-list-heading" data-testid="reader-list">
              <For each={readers()}>
                {(reader) => (
                  <label class="reader-option" data-reader-id={reader.id}>
                    <input type="radio" name="reader" value={reader.id} checked={selected() === reader.id} disabled={busy()} onChange={() => setSelected(reader.id)} />
                    <span class="reader-option-text">
                      <span class="reader-name">{reader.name}</span>
                      <span class="reader-meta">
                        {t(KIND_KEY[reader.kind])}
                        <Show when={reader.cardPresent !== null}>・{t(reader.cardPresent ? 'readerCardPresent' : 'readerCardAbsent')}</Show>
                      </span>
                    </span>
                  </label>
                )}
              </For>
            </div>
          </Show>
          <button type="button" class="button" disabled={busy()} onClick={() => void refreshReaders()}>
            <Bi k="readerListRefresh" />
          </button>
        </section>

        <section class="reader-card reader-test" aria-labelledby="reader-test-heading">
          <h2 id="reader-test-heading" class="reader-card-title">
            <Bi k="readerTestHeading" />
          </h2>
          <p class="hint">{t('readerTestHint')}</p>
          <div class="reader-actions">
            <button type="button" class="button button-primary" disabled={busy() || readers().length === 0} onClick={() => void checkCard()} data-testid="reader-check-card">
              <Bi k="readerCheckCard" />
            </button>
            <Show when={busy()}>
              <button type="button" class="button" onClick={() => void cancel()} data-testid="reader-cancel">
                <Bi k="readerCancel" />
              </button>
            </Show>
          </div>

          <div aria-live="polite" class="reader-live">
            <Show when={busy()}>
              <div class="reader-progress" data-testid="reader-progress">
                {(() => {
                  const view = () => {
                    const p = progress();
                    return p ? progressView(p) : null;
                  };
                  return (
                    <>
                      <Show when={view()?.fraction ?? null} keyed fallback={<progress aria-label={t('readerWorking')} />}>
                        {(fraction) => <progress max="1" value={fraction} aria-label={t('readerWorking')} />}
                      </Show>
                      <Show when={view()} fallback={<span>{t('readerWorking')}…</span>}>
                        {(v) => <BiText ja={v().text.ja} en={v().text.en} />}
                      </Show>
                    </>
                  );
                })()}
              </div>
            </Show>
            <Show when={certificateNotice()}>
              {(text) => (
                <p class="notice notice-success" data-testid="reader-certificate">
                  <BiText ja={text().ja} en={text().en} />
                </p>
              )}
            </Show>
            <Show when={retriesView()}>
              {(view) => (
                <p class={`notice reader-retries reader-retries-${view().level}`} data-testid="reader-retries">
                  <BiText ja={view().text.ja} en={view().text.en} />
                </p>
              )}
            </Show>
            <Show when={notice()}>
              {(n) => (
                <p class={`notice notice-${n().level}`} role={n().level === 'error' ? 'alert' : 'status'} data-testid="reader-notice" data-level={n().level}>
                  <BiText ja={n().text.ja} en={n().text.en} />
                </p>
              )}
            </Show>
          </div>

          <Show when={retries() && !retries()?.blocked}>
            <section class="pin-pad-section" aria-labelledby="pin-pad-heading">
              <h3 id="pin-pad-heading" class="reader-card-title">
                <Bi k="readerPinHeading" />
              </h3>
              <p class="hint">{t('readerPinHint')}</p>
              <Show when={retries()?.triesLeft === 1}>
                <p class="notice notice-warning">
                  <BiText ja={CARD_ERROR_MESSAGES.lastTryNeedsConfirmation.ja} en={CARD_ERROR_MESSAGES.lastTryNeedsConfirmation.en} />
                </p>
                <label class="last-try-confirm">
                  <input type="checkbox" checked={lastTryConfirmed()} onChange={(e) => setLastTryConfirmed(e.currentTarget.checked)} />
                  <Bi k="readerLastTryConfirm" />
                </label>
              </Show>
              <div class="pin-pad" role="group" aria-label={t('readerPinHeading')} tabindex="0" onKeyDown={onPadKey} data-testid="pin-pad">
                <output class="pin-display" aria-label={t('readerPinDisplay')} data-testid="pin-display" aria-live="polite">
                  {maskedPin(pad())}
                </output>
                <div class="pin-keys">
                  <For each={['1', '2', '3', '4', '5', '6', '7', '8', '9']}>
                    {(digit) => (
                      <button type="button" class="pin-key" disabled={busy()} onClick={() => press({ type: 'digit', digit })}>
                        {digit}
                      </button>
                    )}
                  </For>
                  <button type="button" class="pin-key pin-key-word" disabled={busy()} onClick={() => press({ type: 'clear' })}>
                    {t('readerPinClear')}
                  </button>
                  <button type="button" class="pin-key" disabled={busy()} onClick={() => press({ type: 'digit', digit: '0' })}>
                    0
                  </button>
                  <button type="button" class="pin-key pin-key-word" disabled={busy()} onClick={() => press({ type: 'backspace' })}>
                    {t('readerPinBackspace')}
                  </button>
                </div>
                <button type="button" class="button button-primary pin-submit" disabled={!canSign()} onClick={() => void sign()} data-testid="reader-sign">
                  <Bi k="readerSign" />
                </button>
              </div>
            </section>
          </Show>
        </section>

        <section class="reader-card" aria-labelledby="reader-bridge-heading" data-testid="reader-bridge">
          <h2 id="reader-bridge-heading" class="reader-card-title">
            <Bi k="readerBridgeHeading" />
          </h2>
          <p class={`bridge-status bridge-status-${bridgeStatus().state}`} data-testid="bridge-status" data-state={bridgeStatus().state}>
            <Bi k={BRIDGE_STATUS_KEY[bridgeStatus().state]} />
          </p>
          <Show when={pairingDone()}>
            <p class="notice notice-success" role="status">
              <Bi k="readerPaired" />
            </p>
          </Show>
          <Show
            when={pairing().token === null}
            fallback={
              <button type="button" class="button" onClick={() => void unpair()} data-testid="reader-unpair">
                <Bi k="readerUnpair" />
              </button>
            }
          >
            <form class="pairing-form" onSubmit={(e) => void pair(e)}>
              <label class="field">
                <span class="field-label">{t('readerPairingCode')}</span>
                <input
                  class="search-input pairing-code"
                  inputmode="numeric"
                  autocomplete="off"
                  maxlength="6"
                  pattern="[0-9]{6}"
                  value={pairingCode()}
                  onInput={(e) => setPairingCode(e.currentTarget.value)}
                  data-testid="pairing-code"
                />
              </label>
              <label class="field">
                <span class="field-label">{t('readerBridgePort')}</span>
                <input class="search-input pairing-port" inputmode="numeric" value={portText()} onInput={(e) => setPortText(e.currentTarget.value)} />
              </label>
              <button type="submit" class="button button-primary" disabled={pairingBusy() || port() === null || pairingCode().trim().length !== 6}>
                <Bi k={pairingBusy() ? 'readerPairing' : 'readerPair'} />
              </button>
            </form>
            <Show when={pairingError()}>
              {(error) => (
                <p class="notice notice-error" role="alert" data-testid="pairing-error">
                  <BiText ja={error().messageJa} en={error().messageEn} />
                </p>
              )}
            </Show>
          </Show>
        </section>
      </div>
    </section>
  );
}
