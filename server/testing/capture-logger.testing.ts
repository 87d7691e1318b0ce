/** A real pino logger whose lines are kept in memory, so tests can read what the server logged. */
import { createLogger, type Logger } from '../logger.ts';

export interface CapturedLogger {
  readonly logger: Logger;
  /** Every line written so far, raw. */
  readonly lines: string[];
  text(): string;
}

export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, text: () => lines.join('') };
}
