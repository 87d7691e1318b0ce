import { describe, expect, it } from 'vitest';
import { classifyPcscMessage, createSmartcardPcsc, describeLoadFailure, loadSmartcardBinding, type SmartcardBinding } from './pcsc-smartcard.ts';
import { PcscError } from './pcsc-port.ts';

function requireError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('loading the smartcard binding', () => {
  it('says which piece is missing and how to fix it', () => {
    expect(describeLoadFailure(requireError("Cannot find module 'smartcard'", 'MODULE_NOT_FOUND'), 'linux')).toMatch(/not installed.*npm install --include=optional/);
    expect(describeLoadFailure(requireError("Cannot find module '../../build/Release/smartcard_napi.node'", 'MODULE_NOT_FOUND'), 'linux')).toMatch(
      /was not built.*apt-get install -y libpcsclite-dev pcscd.*npm rebuild smartcard/,
    );
    expect(describeLoadFailure(requireError('libpcsclite.so.1: cannot open shared object file'), 'linux')).toMatch(/libpcsclite is missing.*libpcsclite1 pcscd/);
    expect(describeLoadFailure(requireError('weird'), 'win32')).toMatch(/could not be loaded \(weird\).*Desktop development with C\+\+/);
  });

  it('throws PcscError(bindingMissing) when require fails or loads something else', () => {
    const missing = () => {
      throw requireError("Cannot find module 'smartcard'", 'MODULE_NOT_FOUND');
    };
    expect(() => loadSmartcardBinding(missing)).toThrow(PcscError);
    try {
      loadSmartcardBinding(() => ({ Context: 1 }));
    } catch (error) {
      expect(error).toMatchObject({ code: 'bindingMissing' });
    }
  });

  it('maps PC/SC messages of the binding to stable codes', () => {
    expect(classifyPcscMessage('PC/SC service not running')).toBe('serviceUnavailable');
    expect(classifyPcscMessage('No smart card present')).toBe('noCard');
    expect(classifyPcscMessage('Card was removed')).toBe('cardRemoved');
    expect(classifyPcscMessage('Sharing violation')).toBe('readerBusy');
    expect(classifyPcscMessage('Unknown reader')).toBe('readerNotFound');
    expect(classifyPcscMessage('Communication error')).toBe('transportError');
  });
});

describe('PC/SC port over a stand-in binding', () => {
  it('opens cards exclusively, resets them on disconnect, and reports pcscd being down', async () => {
    const calls: string[] = [];
    let serviceUp = true;
    const binding: SmartcardBinding = {
      SCARD_SHARE_EXCLUSIVE: 1,
      SCARD_PROTOCOL_T0: 1,
      SCARD_PROTOCOL_T1: 2,
      SCARD_RESET_CARD: 1,
      SCARD_STATE_PRESENT: 0x20,
      Context: class {
        isValid = true;
        constructor() {
          if (!serviceUp) throw new Error('PC/SC service not running');
        }
        listReaders() {
          return [
            {
              name: 'R 00 00',
              state: 0x22,
              connect: async (share?: number, protocol?: number) => {
                calls.push(`connect share=${share} protocol=${protocol}`);
                return {
                  transmit: async (command: Buffer) => {
                    calls.push(`transmit ${command.toString('hex')}`);
                    return Buffer.from([0x90, 0x00]);
                  },
                  disconnect: (disposition?: number) => calls.push(`disconnect ${disposition}`),
                };
              },
            },
            { name: 'R 00 01', state: 0x10, connect: async () => Promise.reject(new Error('No smart card present')) },
          ];
        }
        close() {
          calls.push('close');
        }
      },
      ReaderMonitor: class {
        isRunning = false;
        start() {}
        stop() {}
      },
    };
    const pcsc = createSmartcardPcsc(binding);
    expect(await pcsc.listReaders()).toEqual([
      { name: 'R 00 00', cardPresent: true },
      { name: 'R 00 01', cardPresent: false },
    ]);
    const card = await pcsc.connect('R 00 00');
    expect(await card.transmit(Uint8Array.of(0, 0xa4, 4, 0x0c))).toEqual(Uint8Array.of(0x90, 0x00));
    await card.disconnect();
    await card.disconnect();
    await expect(card.transmit(Uint8Array.of(0, 0xb0, 0, 0, 4))).rejects.toMatchObject({ code: 'cardRemoved' });
    await expect(pcsc.connect('R 00 01')).rejects.toMatchObject({ code: 'noCard' });
    await expect(pcsc.connect('R 00 02')).rejects.toMatchObject({ code: 'readerNotFound' });
    expect(calls).toEqual(['connect share=1 protocol=3', 'transmit 00a4040c', 'disconnect 1']);
    await pcsc.close();
    serviceUp = false;
    await expect(pcsc.listReaders()).rejects.toMatchObject({ code: 'serviceUnavailable', message: expect.stringContaining('pcscd is not running') });
  });

  it('starts the reader monitor again once pcscd is back, and maps its events', async () => {
    let up = false;
    type Emit = (event: { type: 'reader-attached' | 'card-inserted' | 'error'; reader: string }) => void;
    const monitor: { emit: Emit | null } = { emit: null };
    const errors: string[] = [];
    const binding: SmartcardBinding = {
      SCARD_SHARE_EXCLUSIVE: 1,
      SCARD_PROTOCOL_T0: 1,
      SCARD_PROTOCOL_T1: 2,
      SCARD_RESET_CARD: 1,
      SCARD_STATE_PRESENT: 0x20,
      Context: class {
        isValid = true;
        listReaders() {
          return [];
        }
        close() {}
      },
      ReaderMonitor: class {
        isRunning = false;
        start(callback: Emit) {
          if (!up) throw new Error('PC/SC service not running');
          monitor.emit = callback;
        }
        stop() {
          monitor.emit = null;
        }
      },
    };
    const pcsc = createSmartcardPcsc(binding, { onMonitorError: (m) => errors.push(m) });
    const events: unknown[] = [];
    const unwatch = pcsc.watch((e) => events.push(e));
    expect(errors).toEqual([expect.stringContaining('watching readers')]);
    up = true;
    await pcsc.listReaders();
    monitor.emit?.({ type: 'card-inserted', reader: 'R 00 00' });
    monitor.emit?.({ type: 'error', reader: 'Communication error' });
    expect(events).toEqual([{ kind: 'cardInserted', reader: 'R 00 00' }]);
    expect(errors.at(-1)).toBe('Communication error');
    unwatch();
    expect(monitor.emit).toBeNull();
  });

  describe('a transmit that fails or comes back without a status word', () => {
    /** One reader whose card answers `answer` and stays for `presentPolls` listings after the transmit. */
    function lifting(answer: () => Promise<Buffer>, presentPolls: number): SmartcardBinding {
      let transmitted = false;
      let polls = 0;
      return {
        SCARD_SHARE_EXCLUSIVE: 1,
        SCARD_PROTOCOL_T0: 1,
        SCARD_PROTOCOL_T1: 2,
        SCARD_RESET_CARD: 1,
        SCARD_STATE_PRESENT: 0x20,
        Context: class {
          isValid = true;
          listReaders() {
            if (transmitted) polls += 1;
            const present = !transmitted || polls <= presentPolls;
            return [
              {
                name: 'R 00 00',
                state: present ? 0x22 : 0x12,
                connect: async () => ({
                  transmit: async () => {
                    transmitted = true;
                    return answer();
                  },
                  disconnect: () => undefined,
                }),
              },
            ];
          }
          close() {}
        },
        ReaderMonitor: class {
          isRunning = false;
          start() {}
          stop() {}
        },
      };
    }
    const readBinary = Uint8Array.of(0, 0xb0, 0, 4, 0);

    it('is cardRemoved once PC/SC sees the reader empty (vpcd answers nothing; a reader says "Transaction failed")', async () => {
      const empty = createSmartcardPcsc(lifting(async () => Buffer.alloc(0), 3), { removalSettleMs: 5_000 });
      await expect((await empty.connect('R 00 00')).transmit(readBinary)).rejects.toMatchObject({ code: 'cardRemoved' });
      const failed = createSmartcardPcsc(lifting(async () => Promise.reject(new Error('Transaction failed.')), 2), { removalSettleMs: 5_000 });
      await expect((await failed.connect('R 00 00')).transmit(readBinary)).rejects.toMatchObject({ code: 'cardRemoved', message: expect.stringContaining('Transaction failed') });
    });

    it('stays a transport error while the card is still there after the settle time', async () => {
      const empty = createSmartcardPcsc(lifting(async () => Buffer.alloc(0), Number.POSITIVE_INFINITY), { removalSettleMs: 120 });
      const started = Date.now();
      await expect((await empty.connect('R 00 00')).transmit(readBinary)).rejects.toMatchObject({ code: 'transportError', message: expect.stringContaining('no status word') });
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
      const failed = createSmartcardPcsc(lifting(async () => Promise.reject(new Error('Transaction failed.')), Number.POSITIVE_INFINITY), { removalSettleMs: 60 });
      await expect((await failed.connect('R 00 00')).transmit(readBinary)).rejects.toMatchObject({ code: 'transportError' });
      const short = createSmartcardPcsc(lifting(async () => Buffer.from([0x90]), Number.POSITIVE_INFINITY), { removalSettleMs: 0 });
      await expect((await short.connect('R 00 00')).transmit(readBinary)).rejects.toMatchObject({ code: 'transportError' });
    });
  });
});
