import { createMemoryLocalStore } from './memory-local-store.ts';
import { describeLocalStoreContract } from './local-store-contract.testing.ts';

describeLocalStoreContract('memory', async () => {
  const store = createMemoryLocalStore();
  return {
    store,
    async plantRawPerson(row) {
      store.raw.people.set(`${row.insurerNumber}-${row.insuredNumber}`, row);
    },
    async plantRawNoticeRow(kind, naturalKey, row) {
      (kind === 'notice' ? store.raw.notices : store.raw.noticeAcknowledgements).set(naturalKey, row);
    },
    failNextWriteWithQuota() {
      store.failNextWrite(new DOMException('full', 'QuotaExceededError'));
    },
    async close() {},
  };
});
