import { describe, expect, it } from 'vitest';
import { decodeSyncCursor, encodeSyncCursor } from './sync-cursor.ts';

describe('sync cursor', () => {
  it('is base64url JSON that round-trips both modes', () => {
    const snapshot = encodeSyncCursor({ v: 1, mode: 'snapshot', after: ['229011', '0000000002'], hw: 123 });
    expect(snapshot).toBe(Buffer.from('{"v":1,"mode":"snapshot","after":["229011","0000000002"],"hw":123}').toString('base64url'));
    expect(decodeSyncCursor(snapshot)).toEqual({ v: 1, mode: 'snapshot', after: ['229011', '0000000002'], hw: 123 });
    expect(decodeSyncCursor(encodeSyncCursor({ v: 1, mode: 'log', after: 0 }))).toEqual({ v: 1, mode: 'log', after: 0 });
    expect(snapshot.length).toBeLessThanOrEqual(200);
  });

  it('refuses text it did not write', () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(decodeSyncCursor('')).toBeNull();
    expect(decodeSyncCursor('not a cursor')).toBeNull();
    expect(decodeSyncCursor(Buffer.from('{"v":1').toString('base64url'))).toBeNull();
    expect(decodeSyncCursor(b64({ v: 2, mode: 'log', after: 5 }))).toBeNull();
    expect(decodeSyncCursor(b64({ v: 1, mode: 'log', after: -1 }))).toBeNull();
    expect(decodeSyncCursor(b64({ v: 1, mode: 'log', after: 1.5 }))).toBeNull();
    expect(decodeSyncCursor(b64({ v: 1, mode: 'snapshot', after: ['22901', '0000000002'], hw: 1 }))).toBeNull();
    expect(decodeSyncCursor(b64({ v: 1, mode: 'log', after: 5, extra: true }))).toBeNull();
  });
});
