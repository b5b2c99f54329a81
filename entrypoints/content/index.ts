/**
 * The content script: marks the actors and countries on the page, explains them on
 * hover, and lets the reader save passages (snippets) with a note. Runs in the top frame
 * of every http(s) page at document_idle.
 *
 * It must never break the page: it only reads the DOM (marks are CSS highlights), adds one
 * host element when its UI is first needed, works in slices of a few ms, and catches its
 * own errors. Switching Dossier off (for the site, or everywhere) removes everything.
 *
 * Settings apply live: what is shown of the mentions (kinds switched off, first mention
 * only) and how they are painted change without a new scan of the page.
 */
// First: marks when the module starts to run (its side effect must precede every other).
import { MODULE_START_MARK } from './module-start';
import loadIndexData from 'virtual:dossier-kb-index';
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { resolveLang, translator, type Lang, type Translate } from '../../utils/i18n-in-page';
import type { CardData } from '../../utils/kb/types';
import { loadTablesInPage } from '../../utils/kb-tables';
import { AliasIndex } from '../../utils/match/alias-index';
import { looksFrench } from '../../utils/match/annotate';
import { ENTITY_KINDS } from '../../utils/kb/kinds';
import { MAX_PAGE_ENTITIES, parseTabRequest, type BackgroundResponses, type PageReport, type PageSummary, type TabRequest, type TabResponses } from '../../utils/messaging';
import { PageAnnotator } from '../../utils/page/annotator';
import { articleDate } from '../../utils/page/article-date';
import { HighlightPainter, highlightCss } from '../../utils/page/highlights';
import { mentionAt } from '../../utils/page/hit-test';
import { canonicalUrl } from '../../utils/page/page-info';
import type { Mention, MentionFilter, RunRecord } from '../../utils/page/mentions';
import { observeChanges } from '../../utils/page/observe';
import { INDEX_MEASURE, START_MEASURE, runInSlices, runStepsInSlices, yieldToMain } from '../../utils/page/slices';
import { sampleText } from '../../utils/page/text-runs';
import { REPAINT_GAP_MS, ViewWatcher } from '../../utils/page/viewport';
import { SETTINGS_KEY, activeOn, parseSettings, siteOf, type Settings } from '../../utils/settings';
import { CardView, type CardSource } from './card-view';
import { installHover, type HoverTarget } from './hover';
import { revealMention } from './reveal';
import { SelectionController, usableSelection } from './selection';
import { SnippetController, contextInvalidated } from './snippets';
import { UiHost } from './ui-host';

const READY_MARK = 'dossier:ready';
/** Setting up a session, before and after the first pass (see Session.start). */
const SETUP_MEASURE = 'dossier:setup';
/** Mutations are gathered for this long before a re-scan, so a burst costs one pass. */
const MUTATION_DEBOUNCE_MS = 50;
const RESTORE_MIN_MS = 200;
const RESTORE_MAX_MS = 2000;
/** The badge's count is sent once the page has been quiet this long (a live blog changes often). */
const BADGE_DEBOUNCE_MS = 400;

function logError(err: unknown): void {
  if (contextInvalidated(err)) return; // the extension was reloaded: this script is retired
  console.warn('[dossier]', err);
}

/**
 * Is the page in French (its lang attribute, or else a sample of its prose)? The sample is
 * read in slices, `dossier:setup` measures: at 4x CPU throttle, reading it in one piece was
 * a 10-20 ms task on pages with no lang attribute whose prose comes after long menus.
 */
async function pageIsFrench(doc: Document, stopped: () => boolean): Promise<boolean> {
  const lang = doc.documentElement.lang.toLowerCase();
  if (lang) return lang.startsWith('fr');
  if (!doc.body) return false;
  return looksFrench((await runStepsInSlices(sampleText(doc.body), SETUP_MEASURE, stopped, 'language')) ?? '');
}

/** Card data comes from the background; kept here once fetched. */
function cardSource(): CardSource {
  const cache = new Map<string, CardData | null>();
  const inflight = new Map<string, Promise<CardData | null>>();
  return {
    peek: (id) => cache.get(id),
    get(id) {
      const known = cache.get(id);
      if (known !== undefined) return Promise.resolve(known);
      let p = inflight.get(id);
      if (!p) {
        p = (browser.runtime.sendMessage({ type: 'cards:get', ids: [id] }) as Promise<BackgroundResponses['cards:get'] | undefined>).then((res) => {
          const card = res?.cards[0] ?? null;
          cache.set(id, card);
          inflight.delete(id);
          return card;
        });
        p.catch(() => inflight.delete(id));
        inflight.set(id, p);
      }
      return p;
    },
  };
}

/** What the mention store shows, from the settings. */
function mentionFilter(settings: Settings): MentionFilter {
  const hiddenKinds = new Set<number>();
  for (const kind of settings.hiddenKinds) {
    const i = ENTITY_KINDS.indexOf(kind as (typeof ENTITY_KINDS)[number]);
    if (i >= 0) hiddenKinds.add(i);
  }
  return { hiddenKinds, firstOnly: settings.firstMentionOnly };
}

function sameFilter(a: Settings, b: Settings): boolean {
  return a.firstMentionOnly === b.firstMentionOnly && a.hiddenKinds.length === b.hiddenKinds.length && a.hiddenKinds.every((k) => b.hiddenKinds.includes(k));
}

/**
 * Parses the alias index (one measure, `dossier:kb-parse`), then builds it in slices (each a
 * `dossier:index` measure): on a fresh page the build is cold code, some 50 ms at 4x CPU
 * throttle in one piece, which would be a long task on every page the reader opens.
 */
async function loadIndex(): Promise<AliasIndex> {
  const t0 = performance.now();
  const data = loadIndexData();
  performance.measure('dossier:kb-parse', { start: t0, end: performance.now() });
  const bytes = await loadTablesInPage();
  // Views over the bytes: the tables were filled at build time.
  const t1 = performance.now();
  const index = new AliasIndex(data, bytes);
  performance.measure(INDEX_MEASURE, { start: t1, end: performance.now() });
  await yieldToMain();
  return index;
}

/** One activation of Dossier on this page; `stop()` removes every trace of it. */
class Session {
  #stopped = false;
  readonly #painter = new HighlightPainter(document);
  readonly #ui = new UiHost(document);
  #annotator!: PageAnnotator;
  /** Marks are painted near the viewport; this tells us when the reader scrolled to more. */
  readonly #watcher = new ViewWatcher<RunRecord>(() => this.#viewChanged());
  /** When marks were last changed for the reader's scrolling, and the wait for the next time. */
  #viewPaintAt = -Infinity;
  #viewTimer: ReturnType<typeof setTimeout> | undefined;
  #paintQueued = false;
  readonly #cleanups: (() => void)[] = [];
  #running: Promise<unknown> = Promise.resolve();
  #debounce: ReturnType<typeof setTimeout> | undefined;
  /** The cards' language: fixed per session (a change of setting starts a new one). */
  readonly #lang: Lang;
  readonly #t: Translate;
  readonly snippets: SnippetController;
  #selection: SelectionController | null = null;
  #view: CardView | null = null;
  /** The entity count the background last heard from us (-1: none yet). */
  #reported = -1;
  #badgeTimer: ReturnType<typeof setTimeout> | undefined;
  ready = false;

  readonly #index: AliasIndex;
  #settings: Settings;

  constructor(index: AliasIndex, settings: Settings) {
    this.#index = index;
    this.#settings = settings;
    this.#lang = resolveLang(settings.language, browser.i18n.getUILanguage());
    this.#t = translator(this.#lang);
    this.snippets = new SnippetController(document, this.#painter, () => this.#ui.element, (range) => this.#entitiesIn(range));
  }

  /**
   * Ends a part of the setup begun at `start`: measured (named in the measure's detail, for
   * DevTools and the bench), then the page gets the thread. False once stopped.
   */
  async #setUp(start: number, part: string): Promise<boolean> {
    performance.measure(SETUP_MEASURE, { start, end: performance.now(), detail: part });
    await yieldToMain();
    return !this.#stopped;
  }

  get language(): string {
    return this.#settings.language;
  }

  /**
   * Sets up, scans the page, then installs hover, selection and the rest. The setup before
   * and after the first pass runs in tasks of its own, each a `dossier:setup` measure (it
   * is cold code on every page load: in the same task as a scan slice it made that task
   * long at 4x CPU throttle). `t0` is when the session was created.
   */
  async start(t0 = performance.now()): Promise<void> {
    const body = document.body;
    if (!body || !(await this.#setUp(t0, 'session'))) return;
    let t = performance.now();
    this.#painter.ensureStyles(highlightCss(this.#settings.underline));
    if (!(await this.#setUp(t, 'stylesheet'))) return;
    const french = await pageIsFrench(document, () => this.#stopped);
    if (this.#stopped) return;
    t = performance.now();
    this.#annotator = new PageAnnotator(this.#index, this.#painter, { french, ownHost: () => this.#ui.element, watcher: this.#watcher });
    this.#annotator.store.setFilter(mentionFilter(this.#settings));
    if (!(await this.#setUp(t, 'annotator'))) return;
    // Watched from the start: what the page changes during the first pass (a framework
    // hydrating, a live blog adding posts) is read again once it is done.
    this.#cleanups.push(observeChanges(body, () => this.#ui.element, this.#annotator, () => this.#schedule()));
    this.#annotator.scan(body);
    await this.#work();
    if (this.#stopped) return;
    await yieldToMain();
    if (!this.#stopped) this.#afterFirstPass();
  }

  /**
   * Once the first pass is done: ready, then hover, cards and selection. (Methods of their
   * own: V8 compiles a function on its first call, so this code is compiled here, in tasks
   * after the pass, not with the setup before it.)
   */
  #afterFirstPass(): void {
    const t = performance.now();
    this.ready = true;
    this.#reportCount();
    // Ready once what is near the viewport is painted (the watcher reports on the next
    // frame, in a tab the reader sees; a background tab is painted when shown) and cards
    // and selection are set up.
    const painted = this.#watcher.seen().then(() => this.#work());
    const installed = this.#setUp(t, 'ready').then((go) => (go ? this.#installUi() : undefined));
    void Promise.all([painted, installed]).then(() => {
      // The detail is for benchmarks and DevTools: how many mentions were found in all.
      if (!this.#stopped) performance.mark(READY_MARK, { detail: { mentions: this.#annotator.store.size } });
    });
    this.#watchRestore();
  }

  /**
   * Hover and cards, then selection and saved passages, each in a task of its own (cold
   * code on every page load: in one task it was 12-17 ms at 4x CPU throttle).
   */
  async #installUi(): Promise<void> {
    let t = performance.now();
    const cards = cardSource();
    const view = new CardView(document, this.#ui, cards, (e) => this.#index.idAt(e), { lang: this.#lang, t: this.#t, articleDate: articleDate(document) });
    this.#view = view;
    this.#cleanups.push(() => view.hide());
    const mentionTarget = (m: Mention): HoverTarget => ({
      key: `m:${m.id}`,
      prepare: () => view.prepare(m),
      show: (at) => view.showMention(m, at),
    });
    this.#cleanups.push(
      installHover(document, this.#ui, {
        delay: () => this.#settings.hoverDelay,
        onMove: () => this.#painter.restore(),
        targetAt: (x, y) => {
          const m = mentionAt(document, this.#annotator.store, x, y);
          // A mention that is not painted (its kind is off, or not its first) has no card.
          if (m && this.#annotator.store.shows(m)) return mentionTarget(m);
          const s = this.snippets.at(x, y);
          return s ? { key: `n:${s.note.id}`, prepare: () => undefined, show: (at) => view.showNote(s.note, s.range, at) } : undefined;
        },
        openKey: () => view.openKey,
        hide: () => view.hide(),
      }),
    );
    if (!(await this.#setUp(t, 'hover and cards'))) return;

    t = performance.now();
    this.#selection = new SelectionController(document, this.#ui, this.#t, this.snippets, { enabled: () => !this.#stopped && this.#settings.selectionToolbar });
    this.#cleanups.push(this.#selection.install());

    // The browser clears a tab's badge when it navigates: a page restored from the
    // back/forward cache (this script does not run again) says its count again.
    const onPageShow = (e: PageTransitionEvent) => {
      if (!e.persisted) return;
      this.#reported = -1;
      this.#reportCount();
    };
    window.addEventListener('pageshow', onPageShow);
    this.#cleanups.push(() => window.removeEventListener('pageshow', onPageShow));

    // Saved snippets: now, and again after a single-page-app navigation.
    void this.snippets.load().catch(logError);
    const onNavigate = () => void this.snippets.load().catch(logError);
    window.addEventListener('wxt:locationchange', onNavigate);
    this.#cleanups.push(() => window.removeEventListener('wxt:locationchange', onNavigate));
    await this.#setUp(t, 'selection and passages');
  }

  /**
   * Some pages clear the highlight registry or their adopted sheets without touching
   * the DOM. Check now and then (a handful of map lookups), more often while a page keeps
   * doing it.
   */
  #watchRestore(): void {
    let delay = RESTORE_MAX_MS;
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      const wiped = document.visibilityState === 'visible' && this.#painter.restore();
      delay = wiped ? RESTORE_MIN_MS : Math.min(delay * 2, RESTORE_MAX_MS);
      timer = setTimeout(check, delay);
    };
    timer = setTimeout(check, delay);
    this.#cleanups.push(() => clearTimeout(timer));
  }

  /**
   * The reader scrolled: marks are painted where they came near and taken away where they
   * went far, at most once every REPAINT_GAP_MS (see viewport.ts for why).
   */
  #viewChanged(): void {
    if (this.#viewTimer !== undefined || this.#stopped) return;
    const go = () => {
      this.#viewTimer = undefined;
      this.#viewPaintAt = performance.now();
      this.#paintSoon();
    };
    const wait = this.#viewPaintAt + REPAINT_GAP_MS - performance.now();
    if (wait <= 0) go();
    else this.#viewTimer = setTimeout(go, wait);
  }

  /** Paints what came near the viewport, in slices, as soon as the page lets us. */
  #paintSoon(): void {
    if (this.#paintQueued || this.#stopped) return;
    this.#paintQueued = true;
    void this.#running.then(() => {
      this.#paintQueued = false;
      return this.#work();
    });
  }

  /** Runs the annotator's queued work in slices; one run at a time. */
  #work(): Promise<unknown> {
    this.#running = this.#running.then(() =>
      runInSlices(
        (deadline) => this.#annotator.step(deadline, () => performance.now()),
        () => this.#stopped,
      ),
    );
    return this.#running.then(() => this.ready && this.#reportCount()).catch(logError);
  }

  /**
   * Tells the background how many distinct entities the page has, for the toolbar badge:
   * after the first pass and whenever a pass changes it, once the page is quiet, and only
   * while the reader wants the badge.
   */
  #reportCount(): void {
    if (!this.#settings.badge || this.#stopped) return;
    clearTimeout(this.#badgeTimer);
    this.#badgeTimer = setTimeout(() => {
      if (!this.#settings.badge || this.#stopped) return;
      const count = Math.min(this.#annotator.store.entityCount(), MAX_PAGE_ENTITIES);
      if (count !== this.#reported) this.#sendCount(count);
    }, BADGE_DEBOUNCE_MS);
  }

  #sendCount(count: number): void {
    this.#reported = count;
    const message: PageReport = { type: 'page:entities', count };
    void browser.runtime.sendMessage(message).catch(logError);
  }

  #schedule(): void {
    if (this.#debounce !== undefined || this.#stopped) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      // The page may have dropped our stylesheet or highlights when it re-rendered.
      this.#painter.restore();
      void this.#work();
    }, MUTATION_DEBOUNCE_MS);
  }

  /** Entity ids of the mentions inside a range (a passage being saved). */
  #entitiesIn(range: AbstractRange): string[] {
    if (!this.#annotator) return [];
    const live = document.createRange();
    const ids = new Set<string>();
    try {
      live.setStart(range.startContainer, range.startOffset);
      live.setEnd(range.endContainer, range.endOffset);
      for (const m of this.#annotator.store.within(live)) ids.add(this.#index.idAt(m.entity));
    } catch {
      // text that changed under the range: the passage is saved without its entities
    }
    return [...ids];
  }

  updateSettings(settings: Settings): void {
    const old = this.#settings;
    this.#settings = settings;
    if (!this.#annotator) return; // not started: start() reads them
    if (settings.underline !== old.underline) this.#painter.setStyle(highlightCss(settings.underline));
    if (!sameFilter(old, settings)) {
      this.#annotator.store.setFilter(mentionFilter(settings));
      // The open card may be for a mention that is no longer marked.
      if (this.#view?.openKey?.startsWith('m:')) this.#view.hide();
    }
    if (old.selectionToolbar && !settings.selectionToolbar) this.#selection?.hide();
    if (settings.badge && !old.badge) {
      // The background cleared every badge when it was turned off: count again.
      this.#reported = -1;
      if (this.ready) this.#reportCount();
    }
  }

  summary(): PageSummary['entities'] {
    if (!this.#annotator) return [];
    return [...this.#annotator.store.countsByEntity()].sort((a, b) => b[1] - a[1]).map(([entity, count]) => ({ id: this.#index.idAt(entity), count }));
  }

  reveal(id: string): boolean {
    const entity = this.#index.ids.indexOf(id);
    if (entity < 0 || !this.#annotator) return false;
    const first = this.#annotator.store.firstMention(entity);
    if (!first) return false;
    revealMention(document, this.#painter, first);
    return true;
  }

  async saveSelection(): Promise<TabResponses['selection:save']> {
    const r = await this.#selection?.saveSelection();
    if (!r) return { saved: false, reason: 'no-selection' };
    return r.ok ? { saved: true } : { saved: false, reason: r.reason };
  }

  selectionDraft(): TabResponses['selection:draft'] {
    const range = usableSelection(document, this.#ui.element);
    if (!range) return { draft: null };
    const d = this.snippets.draft(range, '', []);
    return 'problem' in d ? { draft: null, ...(d.problem === 'too-long' && { tooLong: d.length }) } : { draft: d };
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#debounce);
    clearTimeout(this.#badgeTimer);
    clearTimeout(this.#viewTimer);
    // Switched off here: no marks, so no count either.
    if (this.#settings.badge && this.#reported > 0) this.#sendCount(0);
    for (const c of this.#cleanups.splice(0)) {
      try {
        c();
      } catch (err) {
        logError(err);
      }
    }
    this.snippets.stop();
    this.#watcher.disconnect();
    this.#painter.clear();
    this.#ui.destroy();
  }
}

/** What `main` needs of its context (entrypoints/content/context.ts). */
interface PageContext {
  readonly isInvalid: boolean;
  onInvalidated(cb: () => void): () => void;
}

async function main(ctx: PageContext): Promise<void> {
  let index: Promise<AliasIndex> | undefined;
  let session: Session | undefined;
  /** A session is waiting for the index (loaded once, in slices, on first use). */
  let waiting = false;
  /** Bumped when a session starts or stops: a start still waiting for the index checks it. */
  let generation = 0;
  // The module's top level ran in this task, up to here: the first wait.
  performance.measure(START_MEASURE, { start: MODULE_START_MARK, end: performance.now(), detail: 'module' });
  let settings = parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  const site = siteOf(location.href);

  const startSession = () => {
    const gen = ++generation;
    waiting = true;
    (index ??= loadIndex())
      .then((loaded) => {
        if (gen !== generation || ctx.isInvalid) return;
        waiting = false;
        const t0 = performance.now();
        session = new Session(loaded, settings);
        return session.start(t0);
      })
      .catch(logError);
  };

  const stopSession = () => {
    generation++;
    waiting = false;
    session?.stop();
    session = undefined;
  };

  const apply = () => {
    if (ctx.isInvalid) return;
    const active = activeOn(settings, site);
    if (active && !session && !waiting) startSession();
    else if (!active && (session || waiting)) stopSession();
    else if (session && session.language !== settings.language) {
      // The cards' language is fixed per session: start again in the new one.
      stopSession();
      startSession();
    } else {
      // (A session still waiting for the index reads the settings when it starts.)
      session?.updateSettings(settings);
    }
  };

  const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !changes[SETTINGS_KEY]) return;
    settings = parseSettings(changes[SETTINGS_KEY].newValue);
    apply();
  };
  browser.storage.onChanged.addListener(onStorage);

  const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }): Promise<unknown> | undefined => {
    // Only our popup and background talk to us (a message from a content script has a tab).
    if (sender.id !== browser.runtime.id || sender.tab) return undefined;
    const req: TabRequest | null = parseTabRequest(message);
    if (!req) return undefined;
    switch (req.type) {
      case 'page:summary': {
        const status: PageSummary['status'] = settings.paused ? 'paused' : !activeOn(settings, site) ? 'site-off' : session?.ready ? 'active' : 'starting';
        const canonical = canonicalUrl(document);
        return Promise.resolve({ status, site, url: location.href, ...(canonical && { canonical }), entities: session?.summary() ?? [] } satisfies PageSummary);
      }
      case 'page:reveal':
        return Promise.resolve({ found: session?.reveal(req.id) ?? false });
      case 'selection:save':
        return session ? session.saveSelection() : Promise.resolve({ saved: false, reason: 'off' });
      case 'selection:draft':
        return Promise.resolve(session?.selectionDraft() ?? { draft: null });
      case 'notes:changed':
        void session?.snippets.load().catch(logError);
        return Promise.resolve({ ok: true });
    }
  };
  browser.runtime.onMessage.addListener(onMessage);

  ctx.onInvalidated(() => {
    // The extension was updated or reloaded. Marks go; a note the reader is typing stays
    // on screen (its Save then says to reload the page), so nothing typed is lost.
    try {
      browser.storage.onChanged.removeListener(onStorage);
      browser.runtime.onMessage.removeListener(onMessage);
    } catch {
      // the old context's APIs may be gone already
    }
  });
  apply();
}

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // No global name: the bundle is an ES module behind a loader (scripts/vite-content-module.ts).
  globalName: false,
  main(ctx) {
    main(ctx).catch(logError);
  },
});
