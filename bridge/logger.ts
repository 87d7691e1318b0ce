/**
 * The bridge's structured log: pino JSON lines on stderr (stdout is for the person at the computer: the
 * pairing code and how to reach the bridge). What may be logged: origins, reader names, request types,
 * error codes, APDU policy rule names, the instruction byte and status word of a command, durations.
 * Never APDU bytes (a VERIFY holds the PIN, a READ BINARY answer holds personal data), PINs, pairing codes
 * or tokens. The redaction list is the safety net for a field that slips through anyway.
 */
import { pino } from 'pino';

export type Logger = pino.Logger;

export const REDACTED_PATHS = ['token', '*.token', 'pairingCode', '*.pairingCode', 'pin', '*.pin', 'apduHex', '*.apduHex', 'responseHex', '*.responseHex', 'apdu', 'response', 'headers', 'req.headers'];

export interface LoggerOptions {
  level?: pino.LevelWithSilent;
  /** Where lines go (default: stderr). Tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'tsunagi-bridge' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination ?? pino.destination(2),
  );
}
