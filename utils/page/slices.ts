/**
 * Runs work in slices of a few ms of main-thread time, yielding to the page between
 * slices (`scheduler.yield()` where the browser has it, so we resume ahead of other
 * tasks; a macrotask otherwise). Each slice is recorded as a User Timing measure, visible
 * in DevTools' Performance panel and read by the benchmarks.
 */

/**
 * Our share of a slice. The design allows 8 ms; we aim lower because one unit of work
 * (a run, or a garbage collection that lands in it) can overshoot by a few ms, and no
 * slice may reach 16 ms even on a slow machine (4x CPU throttle).
 */
export const SLICE_BUDGET_MS = 4;
export const SCAN_MEASURE = 'dossier:scan';
/** Slices that load the alias index, before the first scan (budgeted apart from scanning). */
export const INDEX_MEASURE = 'dossier:index';
/**
 * The content script's start: the loader's two tasks (scripts/vite-content-module.ts) and
 * the module's top level (entrypoints/content/module-start.ts), told apart by the detail.
 */
export const START_MEASURE = 'dossier:start';

/** We keep our own measures bounded on pages that change forever (live tickers). */
const MAX_MEASURES = 2000;
let measures = 0;

export function yieldToMain(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (s?.yield) return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Calls `step(deadline)` in slices until it returns true. `isCancelled` is checked
 * between slices (the extension was switched off, or reloaded). Each slice is recorded
 * as a measure named `measure`.
 */
export async function runInSlices(
  step: (deadline: number) => boolean,
  isCancelled: () => boolean = () => false,
  budget = SLICE_BUDGET_MS,
  measure = SCAN_MEASURE,
  detail?: string,
): Promise<boolean> {
  // The first slice runs code for the first time on this page: where functions are
  // compiled on their first call (Firefox; in Chromium our module asks V8 to compile them
  // all off the thread, scripts/vite-content-module.ts), it was the longest slice of a pass
  // more often than not at 4x throttle, so it gets a quarter of the budget for its work.
  let share = budget / 4;
  for (;;) {
    if (isCancelled()) return false;
    const start = performance.now();
    const done = step(start + share);
    share = budget;
    const end = performance.now();
    // (Index slices come once per page load: only the scan's can pile up.)
    if (measure === SCAN_MEASURE && ++measures > MAX_MEASURES) {
      performance.clearMeasures(SCAN_MEASURE);
      measures = 1;
    }
    performance.measure(measure, { start, end, ...(detail !== undefined && { detail }) });
    if (done) return true;
    await yieldToMain();
  }
}

/**
 * Runs a generator's steps in slices (see runInSlices), checking the deadline after each
 * step, and resolves to what it returns (undefined when cancelled first).
 */
export async function runStepsInSlices<T>(steps: Generator<void, T>, measure: string, isCancelled: () => boolean = () => false, detail?: string): Promise<T | undefined> {
  let result: T | undefined;
  await runInSlices(
    (deadline) => {
      for (;;) {
        const r = steps.next();
        if (r.done) {
          result = r.value;
          return true;
        }
        if (performance.now() >= deadline) return false;
      }
    },
    isCancelled,
    undefined,
    measure,
    detail,
  );
  return result;
}
