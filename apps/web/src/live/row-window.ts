/**
 * Which rows of a long list to draw: those on screen and a margin either side. The rows outside are stood in for by
 * two spacers of their height, so the scrollbar and the place of every row stay as if all were drawn. Pure: the hook
 * (use-row-window.ts) measures, this decides.
 */

/** Below this many rows every row is drawn: a short list costs little and stays searchable with the browser's Find. */
export const DRAW_ALL_UP_TO = 50;
/** Rows drawn beyond each edge of the screen, so a scroll of a few rows shows rows already laid out. */
const MARGIN_ROWS = 12;

export interface RowWindow {
  /** The first row drawn, and one past the last. */
  start: number;
  end: number;
  /** The height of the rows not drawn above and below, in px. */
  padTop: number;
  padBottom: number;
}

export interface RowGeometry {
  /** How many rows the list holds. */
  count: number;
  /** One row's height (px); 0 while not yet measured. */
  rowHeight: number;
  /** Where the list's shown part begins and ends, in px from the top of the first row (either may be outside it). */
  shownFrom: number;
  shownTo: number;
}

export function rowWindow({ count, rowHeight, shownFrom, shownTo }: RowGeometry, margin = MARGIN_ROWS): RowWindow {
  if (count <= DRAW_ALL_UP_TO || !(rowHeight > 0) || !Number.isFinite(shownFrom) || !Number.isFinite(shownTo))
    return { start: 0, end: count, padTop: 0, padBottom: 0 };
  const clamp = (i: number) => Math.min(count, Math.max(0, i));
  // Whole blocks of `margin` rows, so a scroll of a few rows draws nothing new.
  const block = Math.max(1, margin);
  const first = Math.floor(shownFrom / rowHeight);
  const last = Math.ceil(shownTo / rowHeight);
  const start = clamp(Math.floor((first - margin) / block) * block);
  const end = Math.max(start, clamp(Math.ceil((last + margin) / block) * block));
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}

/** The same window (so a scroll inside it draws nothing). */
export const sameWindow = (a: RowWindow, b: RowWindow) =>
  a.start === b.start && a.end === b.end && a.padTop === b.padTop && a.padBottom === b.padBottom;
