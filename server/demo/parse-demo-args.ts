/**
 * Reads the demo command's arguments: `--size N --seed S --today YYYY-MM-DD --out DIR` (each optional;
 * `--name=value` works too). Defaults: 300 people, seed 1, today's date in Asia/Tokyo, `data/demo`.
 */
import { DemoDataError } from './demo-error.ts';
import { DEFAULT_DEMO_SIZE, DemoOptions } from './generate-demo-data.ts';

export interface DemoCommand {
  readonly options: DemoOptions;
  readonly outDir: string;
}

export const DEFAULT_DEMO_OUT_DIR = 'data/demo';

/** The calendar day in Japan at the instant `now` (care records speak in Japanese days). */
export function tokyoDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function parseDemoArgs(argv: readonly string[], now: Date): DemoCommand {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--(size|seed|today|out)(?:=(.*))?$/.exec(arg);
    if (!match) throw new DemoDataError('DEMO_INVALID_ARGUMENT', `unknown argument ${arg} (use --size, --seed, --today, --out)`);
    const name = match[1] as string;
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '') throw new DemoDataError('DEMO_INVALID_ARGUMENT', `--${name} needs a value`);
    values.set(name, value);
  }
  const integer = (name: string, fallback: number): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw)) throw new DemoDataError('DEMO_INVALID_ARGUMENT', `--${name} must be an integer, got ${raw}`);
    return Number(raw);
  };
  const parsed = DemoOptions.safeParse({
    size: integer('size', DEFAULT_DEMO_SIZE),
    seed: integer('seed', 1),
    today: values.get('today') ?? tokyoDate(now),
  });
  if (!parsed.success) {
    throw new DemoDataError('DEMO_INVALID_ARGUMENT', parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return { options: parsed.data, outDir: values.get('out') ?? DEFAULT_DEMO_OUT_DIR };
}
