import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditCanonical, auditEntryHash, GENESIS_HASH, type AuditHashInput } from './audit-hash.ts';

const entry: AuditHashInput = {
  seq: 1,
  recordedAt: new Date('2026-07-10T01:00:00.000Z'),
  occurredAt: new Date('2026-07-10T00:59:58.5Z'),
  origin: 'server',
  action: 'person.read',
  outcome: 'allowed',
  staffId: 'staff-1',
  deviceId: 'device-1',
  providerNumber: '2270100011',
  insurerNumber: '229011',
  insuredNumber: '0000000001',
  detail: { z: 1, a: 'x,"y"', m: null },
  sourceAddress: '192.0.2.10',
  deviceEntryId: null,
};

describe('auditCanonical', () => {
  it('lists the fields in their fixed order, instants as UTC with ms, detail with sorted keys', () => {
    expect(auditCanonical(entry)).toBe(
      '["tsunagi-audit/1",1,"2026-07-10T01:00:00.000Z","2026-07-10T00:59:58.500Z","server","person.read","allowed","staff-1","device-1",' +
        '"2270100011","229011","0000000001",{"a":"x,\\"y\\"","m":null,"z":1},"192.0.2.10",null]',
    );
  });

  it('gives the same text whatever order the detail keys came in (as jsonb hands them back)', () => {
    expect(auditCanonical({ ...entry, detail: { m: null, z: 1, a: 'x,"y"' } })).toBe(auditCanonical(entry));
  });

  it('keeps a value from leaking into the next field', () => {
    const shifted = { ...entry, staffId: 'staff-1","device-1', deviceId: null };
    expect(auditCanonical(shifted)).not.toBe(auditCanonical({ ...entry, staffId: 'staff-1', deviceId: 'device-1' }));
  });
});

describe('auditEntryHash', () => {
  it('is the hex SHA-256 of prevHash, a line feed and the canonical text', () => {
    const expected = createHash('sha256').update(`${'0'.repeat(64)}\n${auditCanonical(entry)}`).digest('hex');
    expect(auditEntryHash(GENESIS_HASH, entry)).toBe(expected);
    expect(auditEntryHash(GENESIS_HASH, entry)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with the previous hash and with every field', () => {
    const base = auditEntryHash(GENESIS_HASH, entry);
    expect(auditEntryHash('f'.repeat(64), entry)).not.toBe(base);
    expect(auditEntryHash(GENESIS_HASH, { ...entry, seq: 2 })).not.toBe(base);
    expect(auditEntryHash(GENESIS_HASH, { ...entry, occurredAt: new Date('2026-07-10T00:59:58.501Z') })).not.toBe(base);
    expect(auditEntryHash(GENESIS_HASH, { ...entry, outcome: 'denied' })).not.toBe(base);
    expect(auditEntryHash(GENESIS_HASH, { ...entry, detail: { ...(entry.detail as object), z: 2 } })).not.toBe(base);
    expect(auditEntryHash(GENESIS_HASH, { ...entry, deviceEntryId: '' })).not.toBe(base);
  });
});
