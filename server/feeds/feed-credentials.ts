/**
 * Feed tokens: the secret an insurer's system presents (`Authorization: Bearer <token>`) to upload its feed.
 * Only the token's SHA-256 is stored, mapped to exactly one insurer; a token is looked up by its hash, so the
 * comparison never touches the secret itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { InsurerNumber } from '../../src/domain/index.ts';
import type { Queryable } from '../db/database.ts';
import { parseRows } from '../db/parse-rows.ts';

/** Tokens are printable and long enough to be unguessable; anything else is refused before hashing. */
export const FeedToken = z.string().regex(/^[A-Za-z0-9._~-]{16,200}$/);

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh random token (for an operator registering an insurer). */
export function newFeedToken(): string {
  return `tfeed_${randomBytes(24).toString('base64url')}`;
}

export async function addFeedCredential(q: Queryable, insurerNumber: InsurerNumber, token: string, label: string, createdAt: string): Promise<void> {
  const valid = FeedToken.parse(token);
  await q.query(
    `INSERT INTO feed_credentials (insurer_number, token_sha256, label, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (insurer_number, token_sha256) DO NOTHING`,
    [insurerNumber, hashFeedToken(valid), label, createdAt],
  );
}

/** The insurer a token belongs to, or null for an unknown or malformed token. */
export async function findInsurerOfFeedToken(q: Queryable, token: string): Promise<InsurerNumber | null> {
  if (!FeedToken.safeParse(token).success) return null;
  const rows = await q.query('SELECT insurer_number FROM feed_credentials WHERE token_sha256 = $1', [hashFeedToken(token)]);
  return parseRows('feed_credentials', z.object({ insurer_number: z.string() }), rows)[0]?.insurer_number ?? null;
}
