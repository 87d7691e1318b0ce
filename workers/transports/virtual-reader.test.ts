import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../apdu/hex.ts';
import { createTestCard } from './virtual-card-fixture.ts';
import { createVirtualReader } from './virtual-reader.ts';

const SELECT_JPKI = hexToBytes('00A4040C0AD392F000260100000001');

function signal(): AbortSignal {
  return new AbortController().signal;
}

describe('virtual reader', () => {
  it('lists itself with the card presence', async () => {
    const reader = createVirtualReader({ id: 'virtual:a', name: 'A' });
    expect(await reader.listReaders()).toEqual([{ id: 'virtual:a', name: 'A', kind: 'virtual', cardPresent: false }]);
    reader.insertCard(await createTestCard());
    expect((await reader.listReaders())[0]?.cardPresent).toBe(true);
  });

  it('connects only to its own id and only with a card', async () => {
    const reader = createVirtualReader({ id: 'virtual:a' });
    await expect(reader.connect('virtual:b', signal())).rejects.toMatchObject({ code: 'readerNotFound' });
    await expect(reader.connect('virtual:a', signal())).rejects.toMatchObject({ code: 'noCard' });
  });

  it('passes APDUs to the card and resets it on connect', async () => {
    const card = await createTestCard();
    const reader = createVirtualReader({ card });
    const connection = await reader.connect(reader.readerId, signal());
    expect(bytesToHex(await connection.transmit(SELECT_JPKI))).toBe('9000');
    expect(bytesToHex(await connection.transmit(hexToBytes('00A4020C02000A')))).toBe('9000');
    const again = await reader.connect(reader.readerId, signal());
    // The fresh session starts with nothing selected: READ BINARY has no current EF.
    expect(bytesToHex(await again.transmit(hexToBytes('00B0000004')))).toBe('6986');
    await connection.close();
    await expect(connection.transmit(SELECT_JPKI)).rejects.toMatchObject({ code: 'transportError' });
  });

  it('waits for a card whose keys are still being made', async () => {
    const reader = createVirtualReader({ card: createTestCard() });
    const connection = await reader.connect(reader.readerId, signal());
    expect(bytesToHex(await connection.transmit(SELECT_JPKI))).toBe('9000');
  });

  it('injects a card removal after the given number of APDUs', async () => {
    const reader = createVirtualReader({ card: await createTestCard() });
    const connection = await reader.connect(reader.readerId, signal());
    reader.injectFault({ kind: 'cardRemoved', afterApdus: 2 });
    await connection.transmit(SELECT_JPKI);
    await connection.transmit(SELECT_JPKI);
    await expect(connection.transmit(SELECT_JPKI)).rejects.toMatchObject({ code: 'cardRemoved' });
    await expect(connection.transmit(SELECT_JPKI)).rejects.toMatchObject({ code: 'cardRemoved' });
    expect(await reader.card()).toBeNull();
  });

  it('kills a connection when its card is taken away, even if another is put back', async () => {
    const reader = createVirtualReader({ card: await createTestCard() });
    const connection = await reader.connect(reader.readerId, signal());
    reader.removeCard();
    reader.insertCard(await createTestCard());
    await expect(connection.transmit(SELECT_JPKI)).rejects.toMatchObject({ code: 'cardRemoved' });
  });

  it('reports a reader timeout once', async () => {
    const reader = createVirtualReader({ card: await createTestCard() });
    const connection = await reader.connect(reader.readerId, signal());
    reader.injectFault({ kind: 'timeout', afterApdus: 0 });
    await expect(connection.transmit(SELECT_JPKI)).rejects.toMatchObject({ code: 'timeout' });
    expect(bytesToHex(await connection.transmit(SELECT_JPKI))).toBe('9000');
  });

  it('hangs until aborted', async () => {
    const reader = createVirtualReader({ card: await createTestCard() });
    const connection = await reader.connect(reader.readerId, signal());
    reader.injectFault({ kind: 'hang', afterApdus: 0 });
    const controller = new AbortController();
    const pending = connection.transmit(SELECT_JPKI, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('adds latency, and the wait is abortable', async () => {
    const reader = createVirtualReader({ card: await createTestCard(), latencyMs: 30 });
    const connection = await reader.connect(reader.readerId, signal());
    const started = performance.now();
    await connection.transmit(SELECT_JPKI);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    const controller = new AbortController();
    const pending = connection.transmit(SELECT_JPKI, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });
});
