import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFilePairingStore, PairingFileError } from './file-pairing-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsunagi-pairings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const record = { origin: 'http://localhost:8080', tokenHash: 'a'.repeat(64), createdAt: '2026-04-01T00:00:00.000Z' };

describe('pairing file', () => {
  it('starts empty, creates its folder, writes user-only JSON and removes by origin', async () => {
    const path = join(dir, 'nested', 'pairings.json');
    const store = createFilePairingStore(path);
    expect(await store.list()).toEqual([]);
    await store.add(record);
    await store.add({ ...record, origin: 'https://tsunagi.example.jp', tokenHash: 'b'.repeat(64) });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, pairings: [record, { ...record, origin: 'https://tsunagi.example.jp', tokenHash: 'b'.repeat(64) }] });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await store.removeOrigin('http://localhost:8080')).toBe(1);
    expect(await store.removeOrigin('http://localhost:8080')).toBe(0);
    expect((await store.list()).map((p) => p.origin)).toEqual(['https://tsunagi.example.jp']);
  });

  it('refuses a damaged or foreign file instead of overwriting it', async () => {
    const path = join(dir, 'pairings.json');
    await writeFile(path, '{"version":1,"pairings":[{"origin":"x"');
    await expect(createFilePairingStore(path).list()).rejects.toBeInstanceOf(PairingFileError);
    await writeFile(path, JSON.stringify({ version: 2, pairings: [] }));
    await expect(createFilePairingStore(path).add(record)).rejects.toBeInstanceOf(PairingFileError);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 2, pairings: [] });
  });
});
