import { describe, expect, it } from 'vitest';
import { captureLogger } from './testing/capture-logger.testing.ts';

describe('the server log', () => {
  it('censors personal fields and credentials wherever they slip in', () => {
    const { logger, text } = captureLogger();
    logger.info({ insuredNumber: '0000004321', person: { name: '試験 花子', nameKana: 'シケン ハナコ', address: '静岡県試験市1-1' }, authorization: 'Bearer s3cret-token-value' }, 'oops');
    const line = JSON.parse(text()) as Record<string, unknown>;
    expect(line).toMatchObject({ insuredNumber: '[redacted]', person: { name: '[redacted]', nameKana: '[redacted]', address: '[redacted]' }, authorization: '[redacted]' });
    expect(text()).not.toMatch(/0000004321|試験|シケン|s3cret/);
  });

  it("keeps a driver error's type, code and message but not its detail, which quotes row values", () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "insured_pkey"'), {
      code: '23505',
      detail: 'Key (insurer_number, insured_number)=(229011, 0000004321) already exists.',
    });
    const { logger, text } = captureLogger();
    logger.error({ err: error }, 'failed');
    expect(JSON.parse(text())).toMatchObject({ err: { type: 'Error', code: '23505', message: 'duplicate key value violates unique constraint "insured_pkey"' } });
    expect(text()).not.toContain('0000004321');
  });
});
