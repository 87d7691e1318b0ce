import { describe, expect, it } from 'vitest';
import { decodeFileName } from './feed-routes.ts';

describe('decodeFileName (X-File-Name)', () => {
  it('percent-decodes UTF-8 names and keeps plain ASCII names as sent', () => {
    expect(decodeFileName('%E8%A9%A6%E9%A8%93%E5%B8%82.csv')).toBe('試験市.csv');
    expect(decodeFileName('feed-229011.json')).toBe('feed-229011.json');
    expect(decodeFileName('100%.csv')).toBe('100%.csv');
  });

  it('keeps only the last path segment, drops control characters, and names a missing or empty name "upload"', () => {
    expect(decodeFileName('C:\\exports\\..\\feed.csv')).toBe('feed.csv');
    expect(decodeFileName('../../etc/passwd')).toBe('passwd');
    expect(decodeFileName('fe%0Aed.csv')).toBe('feed.csv');
    expect(decodeFileName(undefined)).toBe('upload');
    expect(decodeFileName('dir/')).toBe('upload');
  });
});
