/**
 * Which rows of a long fixed-height list to render: the ones in view plus `overscan` rows either side, so
 * scrolling never shows a gap. Rendering only these keeps 10,000 people as cheap as 30.
 */

export interface WindowInput {
  readonly scrollTop: number;
  readonly viewportHeight: number;
  readonly rowHeight: number;
  readonly count: number;
  readonly overscan: number;
}

/** The half-open range [start, end) of row indexes to render. */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

export function visibleRows({ scrollTop, viewportHeight, rowHeight, count, overscan }: WindowInput): RowRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const inView = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, first + inView + overscan);
  return { start, end: Math.max(start, end) };
}
