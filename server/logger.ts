/**
 * The server's structured log: pino JSON lines. What may be logged is narrow on purpose — request id, method,
 * the route *pattern* (concrete paths carry insured numbers), status and duration; counts and ids of
 * organisations; error types and codes. Never request or response bodies, headers, tokens or personal data.
 * The redaction list is the safety net for a field that slips through anyway.
 */
import { pino } from 'pino';

export type Logger = pino.Logger;

/** Paths censored wherever they appear (pino's fast-redact syntax; `*` = one level of any key). */
export const REDACTED_PATHS = [
  'headers',
  'req.headers',
  'authorization',
  '*.authorization',
  'token',
  '*.token',
  'password',
  '*.password',
  'insuredNumber',
  '*.insuredNumber',
  'name',
  '*.name',
  'nameKana',
  '*.nameKana',
  'identity',
  '*.identity',
  'birthDate',
  '*.birthDate',
  'address',
  '*.address',
  'body',
  '*.body',
];

export interface LoggerOptions {
  readonly level?: pino.LevelWithSilent;
  /** Where lines go (default: stdout). Tests pass a stream to read them back. */
  readonly destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'tsunagi-server' },
      // UTC, as the audit-log rules ask (V16: who/when/where/what, UTC).
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    options.destination,
  );
}

/**
 * Errors are logged by type, code and message only. Driver errors carry a `detail` such as
 * "Key (insurer_number, insured_number)=(…) already exists": that field, and anything else attached, stays out.
 */
export function serializeError(error: unknown): { type: string; code?: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: 'non-error thrown' };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: error.message.slice(0, 300),
    ...(error.stack ? { stack: error.stack.split('\n').slice(1, 6).join('\n') } : {}),
  };
}
