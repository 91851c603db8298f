/**
 * The rows of a long table to draw (row-window.ts decides): measured from where the table's body is on screen, inside
 * its scrolling box or the page, again on every scroll (one frame at most), resize of the rows or their box, and
 * change of the row count.
 * `reveal(i)` scrolls a row that is not drawn into view (the keyboard's selection), after which it is drawn.
 */
import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { rowWindow, sameWindow, type RowWindow } from './row-window';

interface Shown {
  /** The rows' top edge on screen (the first row's, drawn or not), and the part of the screen the list shows. */
  rowsTop: number;
  clipTop: number;
  clipBottom: number;
  rowHeight: number;
}

/** Where the rows are and what is shown of them, or null while the table is not on the page. */
function measure(body: HTMLElement | null, scroller: HTMLElement | null, drawn: RowWindow): Shown | null {
  if (!body || !scroller) return null;
  const b = body.getBoundingClientRect();
  const s = scroller.getBoundingClientRect();
  const rows = body.querySelectorAll(':scope > tr:not(.row-spacer)').length;
  // The drawn rows' mean height (to half a pixel, so a re-measure of the same rows gives the same window).
  const height = b.height - drawn.padTop - drawn.padBottom;
  const rowHeight = rows > 0 && height > 0 ? Math.round((2 * height) / rows) / 2 : 0;
  return {
    rowsTop: b.top,
    clipTop: Math.max(0, s.top),
    clipBottom: Math.min(window.innerHeight, s.bottom),
    rowHeight,
  };
}

export function useRowWindow(
  count: number,
  /** Whether the table is on the page now (it is measured again, and watched, when it comes). */
  drawnNow: boolean,
  body: RefObject<HTMLElement | null>,
  scroller: RefObject<HTMLElement | null>,
): { window: RowWindow; reveal(index: number): void } {
  const [win, setWin] = useState<RowWindow>(() => rowWindow({ count, rowHeight: 0, shownFrom: 0, shownTo: 0 }));
  const drawn = useRef(win);
  drawn.current = win;
  const rowHeight = useRef(0);
  const countRef = useRef(count);
  countRef.current = count;

  const update = useCallback(() => {
    const m = measure(body.current, scroller.current, drawn.current);
    if (m && m.rowHeight > 0) rowHeight.current = m.rowHeight;
    const next = rowWindow({
      count: countRef.current,
      rowHeight: rowHeight.current,
      shownFrom: m ? m.clipTop - m.rowsTop : 0,
      shownTo: m ? m.clipBottom - m.rowsTop : 0,
    });
    setWin((w) => (sameWindow(w, next) ? w : next));
  }, [body, scroller]);

  // After each change of the count, and when the table comes: the rows as they now are.
  useLayoutEffect(update, [count, drawnNow, update]);

  useEffect(() => {
    let frame = 0;
    const soon = () => {
      if (!frame)
        frame = requestAnimationFrame(() => {
          frame = 0;
          update();
        });
    };
    // Scroll events do not bubble: listened for on the way down, whichever box scrolls.
    window.addEventListener('scroll', soon, { capture: true, passive: true });
    window.addEventListener('resize', soon, { passive: true });
    // The rows' height changes when their styles or fonts come, the box's when the page around it changes.
    const sized = new ResizeObserver(soon);
    for (const el of [body.current, scroller.current]) if (el) sized.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      sized.disconnect();
      window.removeEventListener('scroll', soon, { capture: true });
      window.removeEventListener('resize', soon);
    };
  }, [update, body, scroller, drawnNow]);

  const reveal = useCallback(
    (index: number) => {
      const m = measure(body.current, scroller.current, drawn.current);
      const box = scroller.current;
      if (!m || !box || !(rowHeight.current > 0)) return;
      // The sticky header covers the top of the box.
      const head = box.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      const top = m.rowsTop + index * rowHeight.current;
      const by =
        top < m.clipTop + head
          ? top - m.clipTop - head
          : top + rowHeight.current > m.clipBottom
            ? top + rowHeight.current - m.clipBottom
            : 0;
      if (by === 0) return;
      if (box.scrollHeight > box.clientHeight) box.scrollTop += by;
      else window.scrollBy(0, by);
    },
    [body, scroller],
  );

  return { window: win, reveal };
}
