import { describe, expect, it } from 'vitest';
import { createCardService } from '../../workers/card-service.ts';
import { createTestCard, TEST_CARD_HOLDER } from '../../workers/transports/virtual-card-fixture.ts';
import { createVirtualReader } from '../../workers/transports/virtual-reader.ts';
import type { CardProgress } from '../protocol/card.ts';
import { wrapCardWorker, type CardWorkerApi } from './checked-card-worker.ts';

async function inProcessWorker(): Promise<CardWorkerApi> {
  const reader = createVirtualReader({ id: 'virtual:demo', card: await createTestCard() });
  return { ...createCardService({ transports: [reader] }), configureBridge: async () => ({ state: 'off' }) };
}

describe('card client', () => {
  it('passes the worker’s checked answers through, with progress through the listener wrapper', async () => {
    const wrapped: string[] = [];
    const client = wrapCardWorker(await inProcessWorker(), (listener) => {
      wrapped.push('wrapped');
      return listener;
    });
    const steps: CardProgress['step'][] = [];
    const retries = await client.readRetries('virtual:demo', 'jpki', (p) => steps.push(p.step));
    expect(retries).toEqual({ ok: true, value: { app: 'jpki', triesLeft: 3, blocked: false } });
    expect(wrapped).toEqual(['wrapped']);
    expect(steps[0]).toBe('connecting');
    const wrong = await client.verifyAndSign('virtual:demo', '0000', new Uint8Array(32));
    expect(wrong.ok ? null : [wrong.error.code, wrong.error.triesLeft]).toEqual(['wrongPin', 2]);
    const signed = await client.verifyAndSign('virtual:demo', TEST_CARD_HOLDER.authPin, new Uint8Array(32));
    expect(signed.ok && signed.value.signature.length).toBe(256);
  });

  it('turns an answer that does not match the contract into malformedResponse', async () => {
    const worker = await inProcessWorker();
    const client = wrapCardWorker({ ...worker, readRetries: async () => ({ ok: true, value: { app: 'jpki', triesLeft: 99, blocked: false } }) });
    const result = await client.readRetries('virtual:demo', 'jpki');
    expect(result.ok ? null : [result.error.code, result.error.messageJa]).toEqual(['malformedResponse', 'カードから読み取ったデータの形式が正しくありません。']);
  });

  it('turns a worker that throws, or a disposed client, into transportError', async () => {
    const worker = await inProcessWorker();
    let disposed = 0;
    const client = wrapCardWorker({ ...worker, listReaders: () => Promise.reject(new Error('worker crashed')) }, undefined, () => (disposed += 1));
    const listed = await client.listReaders();
    expect(listed.ok ? null : listed.error.code).toBe('transportError');
    client.dispose();
    client.dispose();
    expect(disposed).toBe(1);
    const after = await client.readRetries('virtual:demo', 'jpki');
    expect(after.ok ? null : [after.error.code, after.error.reason]).toEqual(['transportError', 'card worker stopped']);
  });

  it('checks the bridge status the worker reports', async () => {
    const worker = await inProcessWorker();
    const good = wrapCardWorker({ ...worker, configureBridge: async () => ({ state: 'connected', protocolVersion: 1 }) });
    expect(await good.configureBridge({ port: 47321, token: null })).toEqual({ state: 'connected', protocolVersion: 1 });
    const odd = wrapCardWorker({ ...worker, configureBridge: async () => ({ state: 'dancing' }) as never });
    expect(await odd.configureBridge({ port: 47321, token: null })).toEqual({ state: 'unreachable' });
  });
});
