import { describe, expect, it } from 'vitest';
import { makeAcknowledgement, makeNotice, makeNoticesPage } from '../../data/local-store-contract.testing.ts';
import { createMemoryLocalStore } from '../../data/memory-local-store.ts';
import { createNoticesController } from './notices-controller.ts';

const OFFICE = '1310100001';
const NOW = new Date('2026-07-12T01:00:00.000Z');

async function setup(options: { staff?: { staffId: string; name: string } | undefined } = { staff: { staffId: 'staff-0009', name: '試験 ヘルパー' } }) {
  const staff = options.staff;
  const store = createMemoryLocalStore();
  await store.applyNoticesPull(makeNoticesPage([makeNotice(1), makeNotice(2)], [makeAcknowledgement(1, 1, 'staff-0001')], { eventId: 2, ackSeq: 1 }));
  let writes = 0;
  const controller = createNoticesController({ store, now: () => NOW, staff, providerNumber: OFFICE, onLocalWrite: () => writes++ });
  return { store, controller, writes: () => writes };
}

describe('notices controller', () => {
  it('reads the stored notices and acknowledgements', async () => {
    const { controller } = await setup();
    expect(controller.getState().phase).toBe('loading');
    await controller.reload();
    const state = controller.getState();
    expect(state.phase).toBe('ready');
    expect(state.notices.map((n) => n.eventId).sort()).toEqual([1, 2]);
    expect(state.acknowledgements.map((a) => a.staffId)).toEqual(['staff-0001']);
  });

  it('acknowledges with the mutation and the local acknowledgement, once', async () => {
    const { store, controller, writes } = await setup();
    await controller.reload();
    await Promise.all([controller.acknowledge(2), controller.acknowledge(2)]);
    await controller.acknowledge(2);
    const outbox = (await store.readOutbox(10)).items;
    expect(outbox).toEqual([{ seq: 1, name: 'noticeAcknowledged', version: 1, staffId: 'staff-0009', args: { eventId: 2, acknowledgedAt: '2026-07-12T01:00:00.000Z' } }]);
    const mine = { ackSeq: null, eventId: 2, providerNumber: OFFICE, staffId: 'staff-0009', staffName: '試験 ヘルパー', acknowledgedAt: '2026-07-12T01:00:00.000Z' };
    expect(controller.getState().acknowledgements).toContainEqual(mine);
    expect(controller.getState().acknowledging).toEqual([]);
    // Stored too: a reload (or a restart) still shows it.
    expect((await store.readNotices()).acknowledgements).toContainEqual(mine);
    expect(writes()).toBe(1);
  });

  it('shows a full disk as an error and leaves the notice unacknowledged', async () => {
    const { store, controller, writes } = await setup();
    await controller.reload();
    store.failNextWrite(new DOMException('full', 'QuotaExceededError'));
    await controller.acknowledge(2);
    expect(controller.getState().error?.code).toBe('quota');
    expect(controller.getState().acknowledgements.filter((a) => a.eventId === 2)).toEqual([]);
    expect(await store.outboxCount()).toBe(0);
    expect(writes()).toBe(0);
    await controller.acknowledge(2);
    expect(controller.getState().error).toBeUndefined();
    expect(await store.outboxCount()).toBe(1);
  });

  it('does nothing without a staff member to acknowledge as', async () => {
    const { store, controller } = await setup({ staff: undefined });
    await controller.reload();
    await controller.acknowledge(2);
    expect(await store.outboxCount()).toBe(0);
  });
});
