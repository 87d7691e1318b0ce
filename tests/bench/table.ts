/** Formats benchmark results as an aligned text table (the `npm run bench` output). */

export interface BenchRow {
  /** What was measured, e.g. "feed import 10,000 people (PGlite)". */
  name: string;
  /** The figure, already formatted with its unit. */
  figure: string;
  /** The baseline measured in the same run, formatted, or '' when there is none. */
  baseline: string;
  /** figure / baseline as "×N.NN" (or '' when there is no baseline). */
  ratio: string;
}

export function formatBenchTable(rows: readonly BenchRow[]): string {
  const header: BenchRow = { name: 'benchmark', figure: 'figure', baseline: 'baseline (same run)', ratio: 'ratio' };
  const all = [header, ...rows];
  const width = (key: keyof BenchRow) => Math.max(...all.map((r) => displayWidth(r[key])));
  const widths = { name: width('name'), figure: width('figure'), baseline: width('baseline'), ratio: width('ratio') };
  const line = (r: BenchRow) =>
    `| ${pad(r.name, widths.name)} | ${pad(r.figure, widths.figure)} | ${pad(r.baseline, widths.baseline)} | ${pad(r.ratio, widths.ratio)} |`;
  const rule = `|${'-'.repeat(widths.name + 2)}|${'-'.repeat(widths.figure + 2)}|${'-'.repeat(widths.baseline + 2)}|${'-'.repeat(widths.ratio + 2)}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Ratio of a figure to its baseline, e.g. speed-up of ours over the naive way. */
export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return '';
  return `×${(value / baseline).toFixed(2)}`;
}

/** Full-width characters take two columns in a terminal. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}
