/**
 * How much of each of our slices was V8's garbage collector (bench, 4x CPU throttle).
 *
 * A collection runs inside whatever task allocates when the young generation is full, and
 * its pause is mostly the cost of copying what survives, most of it the page's own objects.
 * On a page load the young generation is often nearly full when the content script starts
 * (the page has just been parsed), so our first allocations pay for it: at 4x on this
 * machine a scavenge is 6-25 ms, longer than a frame by itself. The bench counts those
 * slices against the budget as they are, and says which had a collection in them.
 */
import type { Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  id?: string;
  id2?: { local?: string };
}

export interface SliceGc {
  /** Our measure's name without the prefix ("start", "scan", "index", "setup"). */
  name: string;
  ms: number;
  /** Main-thread collection pauses inside it. */
  gcMs: number;
}

const OURS = /^dossier:(start|scan|index|setup|kb-parse)$/;

/**
 * Starts tracing our measures and V8's collector (its own category only: tracing all of
 * V8 slowed the throttled pages it measured); `stop` pairs them up.
 */
export async function traceGcInSlices(page: Page): Promise<{ stop(): Promise<SliceGc[]> }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['blink.user_timing', 'disabled-by-default-v8.gc'] }, transferMode: 'ReportEvents' } as never);
  return {
    async stop() {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach().catch(() => undefined);
      const key = (e: TraceEvent) => `${e.name} ${e.id ?? e.id2?.local ?? ''}`;
      const open = new Map<string, TraceEvent>();
      const slices: { name: string; start: number; end: number; tid: number }[] = [];
      for (const e of events) {
        if (!OURS.test(e.name)) continue;
        if (e.ph === 'b') open.set(key(e), e);
        else if (e.ph === 'e') {
          const b = open.get(key(e));
          if (!b) continue;
          open.delete(key(e));
          slices.push({ name: e.name.slice('dossier:'.length), start: b.ts, end: e.ts, tid: b.tid });
        }
      }
      // The collector's work on each thread, its nested phases merged into spans.
      const spans = new Map<number, [number, number][]>();
      const gcEvents = events.filter((e) => e.ph === 'X' && e.dur && e.cat.includes('v8.gc')).sort((a, b) => a.ts - b.ts);
      for (const e of gcEvents) {
        const list = spans.get(e.tid) ?? spans.set(e.tid, []).get(e.tid)!;
        const last = list[list.length - 1];
        if (last && e.ts <= last[1]) last[1] = Math.max(last[1], e.ts + e.dur!);
        else list.push([e.ts, e.ts + e.dur!]);
      }
      return slices.map((s) => {
        let gc = 0;
        for (const [from, to] of spans.get(s.tid) ?? []) {
          const overlap = Math.min(to, s.end) - Math.max(from, s.start);
          if (overlap > 0) gc += overlap;
        }
        return { name: s.name, ms: (s.end - s.start) / 1000, gcMs: gc / 1000 };
      });
    },
  };
}
