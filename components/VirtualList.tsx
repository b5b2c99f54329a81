/**
 * A list that renders only the rows in view (plus a margin), so that ten thousand notes
 * cost what twenty do. Rows have their own heights: each is estimated, then measured once
 * rendered (ResizeObserver), and the offsets follow.
 *
 * Keyboard: the row holding focus is always rendered, even when scrolled away, so focus is
 * never lost to the page; Up/Down (and Page Up/Down, Home/End) move between focusable rows
 * (`data-row-focus`), scrolling them into view.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

export interface VirtualListProps<T> {
  items: readonly T[];
  keyOf: (item: T) => string;
  estimate: (item: T) => number;
  render: (item: T, index: number) => ComponentChildren;
  /** Can the row be focused (notes) or not (article headings)? */
  focusable: (item: T) => boolean;
  label: string;
  class?: string;
  /** Pixels rendered above and below the viewport. */
  overscan?: number;
}

export function VirtualList<T>({ items, keyOf, estimate, render, focusable, label, class: cls, overscan = 600 }: VirtualListProps<T>) {
  const viewport = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(500);
  const [measured, setMeasured] = useState(0); // bumped when a row's height changes
  const [focused, setFocused] = useState<number>(-1);
  const pendingFocus = useRef<number>(-1);

  const offsets = useMemo(() => {
    const out = new Float64Array(items.length + 1);
    for (let i = 0; i < items.length; i++) out[i + 1] = out[i]! + (heights.current.get(keyOf(items[i]!)) ?? estimate(items[i]!));
    return out;
  }, [items, measured]);

  // The rows intersecting [scrollTop - overscan, scrollTop + height + overscan].
  const first = Math.max(0, upperBound(offsets, scrollTop - overscan) - 1);
  const last = Math.min(items.length - 1, upperBound(offsets, scrollTop + height + overscan) - 1);
  const shown: number[] = [];
  if (focused >= 0 && focused < items.length && (focused < first || focused > last)) shown.push(focused);
  for (let i = first; i <= last; i++) shown.push(i);

  const observer = useMemo(
    () =>
      typeof ResizeObserver === 'function'
        ? new ResizeObserver((entries) => {
            let changed = false;
            for (const e of entries) {
              const key = (e.target as HTMLElement).dataset.key!;
              const h = Math.ceil((e.target as HTMLElement).getBoundingClientRect().height);
              if (h > 0 && heights.current.get(key) !== h) {
                heights.current.set(key, h);
                changed = true;
              }
            }
            if (changed) setMeasured((n) => n + 1);
          })
        : null,
    [],
  );
  useEffect(() => () => observer?.disconnect(), [observer]);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    setHeight(el.clientHeight || 500);
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => setHeight(el.clientHeight || 500)) : null;
    ro?.observe(el);
    return () => ro?.disconnect();
  }, []);

  // After a keyboard move renders its target row, focus it.
  useLayoutEffect(() => {
    const i = pendingFocus.current;
    if (i < 0) return;
    const row = viewport.current?.querySelector<HTMLElement>(`[data-index="${i}"] [data-row-focus]`);
    if (row) {
      pendingFocus.current = -1;
      row.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number) => {
    const el = viewport.current;
    if (!el || index < 0 || index >= items.length) return;
    const top = offsets[index]!;
    const bottom = offsets[index + 1]!;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
    setScrollTop(el.scrollTop);
    pendingFocus.current = index;
    setFocused(index);
  };

  const nextFocusable = (from: number, step: number): number => {
    for (let i = from; i >= 0 && i < items.length; i += step) if (focusable(items[i]!)) return i;
    return -1;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // Only when a row itself has focus: keys inside an editor or a button keep their meaning.
    const target = e.target as HTMLElement;
    if (!target.hasAttribute('data-row-focus')) return;
    const at = Number(target.closest<HTMLElement>('[data-index]')?.dataset.index ?? -1);
    const page = Math.max(1, Math.floor((viewport.current?.clientHeight ?? 500) / 120));
    let to = -1;
    if (e.key === 'ArrowDown') to = nextFocusable(at + 1, 1);
    else if (e.key === 'ArrowUp') to = nextFocusable(at - 1, -1);
    else if (e.key === 'PageDown') to = nextFocusable(Math.min(items.length - 1, at + page), 1);
    else if (e.key === 'PageUp') to = nextFocusable(Math.max(0, at - page), -1);
    else if (e.key === 'Home') to = nextFocusable(0, 1);
    else if (e.key === 'End') to = nextFocusable(items.length - 1, -1);
    else return;
    e.preventDefault();
    if (to >= 0) moveTo(to);
  };

  const onFocusIn = (e: FocusEvent) => {
    const i = Number((e.target as HTMLElement).closest<HTMLElement>('[data-index]')?.dataset.index ?? -1);
    if (i >= 0) setFocused(i);
  };

  return (
    <div ref={viewport} class={`vlist ${cls ?? ''}`} onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)} onKeyDown={onKeyDown} onFocusIn={onFocusIn}>
      <div role="list" aria-label={label} style={{ position: 'relative', height: `${offsets[items.length]}px` }}>
        {shown.map((i) => {
          const item = items[i]!;
          const key = keyOf(item);
          return (
            <Row key={key} index={i} rowKey={key} top={offsets[i]!} observer={observer}>
              {render(item, i)}
            </Row>
          );
        })}
      </div>
    </div>
  );
}

function Row({ index, rowKey, top, observer, children }: { index: number; rowKey: string; top: number; observer: ResizeObserver | null; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !observer) return;
    observer.observe(el);
    return () => observer.unobserve(el);
  }, [observer]);
  return (
    <div ref={ref} role="listitem" data-index={index} data-key={rowKey} style={{ position: 'absolute', top: `${top}px`, left: 0, right: 0 }}>
      {children}
    </div>
  );
}

/** The first index whose offset is greater than y. */
function upperBound(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
