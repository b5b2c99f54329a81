/**
 * The content script: marks the actors and countries on the page and explains them on
 * hover. Runs in the top frame of every http(s) page at document_idle.
 *
 * It must never break the page: it only reads the DOM (marks are CSS highlights), adds one
 * host element when a card is first shown, works in slices of at most 8 ms, and catches
 * its own errors. Switching Dossier off (for the site, or everywhere) removes everything.
 */
import loadIndexData from 'virtual:dossier-kb-index';
import { resolveLang, translator } from '../../utils/i18n';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { CardData } from '../../utils/kb/types';
import { AliasIndex } from '../../utils/match/alias-index';
import { looksFrench } from '../../utils/match/annotate';
import { parseTabRequest, type BackgroundResponses, type PageSummary, type TabRequest } from '../../utils/messaging';
import { PageAnnotator } from '../../utils/page/annotator';
import { articleDate } from '../../utils/page/article-date';
import { HighlightPainter } from '../../utils/page/highlights';
import type { Mention } from '../../utils/page/mentions';
import { sampleText } from '../../utils/page/text-runs';
import { observeChanges } from '../../utils/page/observe';
import { runInSlices } from '../../utils/page/slices';
import { SETTINGS_KEY, activeOn, parseSettings, siteOf, type Settings } from '../../utils/settings';
import { CardView, type CardSource } from './card-view';
import { installHover } from './hover';
import { revealMention } from './reveal';
import { UiHost } from './ui-host';

const READY_MARK = 'dossier:ready';
/** Mutations are gathered for this long before a re-scan, so a burst costs one pass. */
const MUTATION_DEBOUNCE_MS = 50;
const RESTORE_MIN_MS = 200;
const RESTORE_MAX_MS = 2000;

function logError(err: unknown): void {
  console.warn('[dossier]', err);
}

function pageIsFrench(doc: Document): boolean {
  const lang = doc.documentElement.lang.toLowerCase();
  if (lang) return lang.startsWith('fr');
  return doc.body ? looksFrench(sampleText(doc.body)) : false;
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

/** One activation of Dossier on this page; `stop()` removes every trace of it. */
class Session {
  private stopped = false;
  private readonly painter = new HighlightPainter(document);
  private readonly ui = new UiHost(document);
  private annotator!: PageAnnotator;
  private readonly cleanups: (() => void)[] = [];
  private running: Promise<unknown> = Promise.resolve();
  private debounce: ReturnType<typeof setTimeout> | undefined;
  ready = false;

  constructor(
    private readonly index: AliasIndex,
    private settings: Settings,
  ) {}

  async start(): Promise<void> {
    const body = document.body;
    if (!body) return;
    this.painter.ensureStyles();
    this.annotator = new PageAnnotator(this.index, this.painter, { french: pageIsFrench(document), ownHost: () => this.ui.element });
    this.annotator.scan(body);
    await this.work();
    if (this.stopped) return;
    performance.mark(READY_MARK);
    this.ready = true;

    this.cleanups.push(
      observeChanges(body, () => this.ui.element, this.annotator, () => this.schedule()),
    );
    // Some pages clear the highlight registry or their adopted sheets without touching
    // the DOM. Check now and then (a handful of map lookups), more often while a page
    // keeps doing it.
    let restoreDelay = RESTORE_MAX_MS;
    let restoreTimer: ReturnType<typeof setTimeout>;
    const checkRestore = () => {
      const wiped = document.visibilityState === 'visible' && this.painter.restore();
      restoreDelay = wiped ? RESTORE_MIN_MS : Math.min(restoreDelay * 2, RESTORE_MAX_MS);
      restoreTimer = setTimeout(checkRestore, restoreDelay);
    };
    restoreTimer = setTimeout(checkRestore, restoreDelay);
    this.cleanups.push(() => clearTimeout(restoreTimer));
    const lang = resolveLang(this.settings.language, browser.i18n.getUILanguage());
    const cards = cardSource();
    const view = new CardView(document, this.ui, cards, this.index.ids, {
      lang,
      t: translator(lang),
      articleDate: articleDate(document),
      onClose: () => view.hide(),
    });
    this.cleanups.push(() => view.hide());
    this.cleanups.push(
      installHover(document, this.annotator.store, view, this.ui, {
        delay: () => this.settings.hoverDelay,
        onMove: () => this.painter.restore(),
        prefetch: (m: Mention) => void cards.get(this.index.ids[m.entity]!).catch(logError),
      }),
    );
  }

  /** Runs the annotator's queued work in slices; one run at a time. */
  private work(): Promise<unknown> {
    this.running = this.running.then(() =>
      runInSlices(
        (deadline) => this.annotator.step(deadline, () => performance.now()),
        () => this.stopped,
      ),
    );
    return this.running.catch(logError);
  }

  private schedule(): void {
    if (this.debounce !== undefined || this.stopped) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      // The page may have dropped our stylesheet or highlights when it re-rendered.
      this.painter.restore();
      void this.work();
    }, MUTATION_DEBOUNCE_MS);
  }

  updateSettings(settings: Settings): void {
    this.settings = settings;
  }

  get language(): string {
    return this.settings.language;
  }

  summary(): PageSummary['entities'] {
    if (!this.annotator) return [];
    return [...this.annotator.summary()]
      .sort((a, b) => b[1] - a[1])
      .map(([entity, count]) => ({ id: this.index.ids[entity]!, count }));
  }

  reveal(id: string): boolean {
    const entity = this.index.ids.indexOf(id);
    if (entity < 0 || !this.annotator) return false;
    let first: Mention | undefined;
    for (const m of this.annotator.store.all()) {
      if (m.entity !== entity) continue;
      if (!first || m.range.startContainer.compareDocumentPosition(first.range.startContainer) & Node.DOCUMENT_POSITION_FOLLOWING) first = m;
    }
    if (!first) return false;
    revealMention(document, this.painter, first);
    return true;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.debounce);
    for (const c of this.cleanups.splice(0)) {
      try {
        c();
      } catch (err) {
        logError(err);
      }
    }
    this.painter.clear();
    this.ui.destroy();
  }
}

/** Parses and builds the alias index, recording both steps as User Timing measures. */
function buildIndex(): AliasIndex {
  const t0 = performance.now();
  const data = loadIndexData();
  const t1 = performance.now();
  const index = new AliasIndex(data);
  performance.measure('dossier:kb-parse', { start: t0, end: t1 });
  performance.measure('dossier:index', { start: t1, end: performance.now() });
  return index;
}

async function main(ctx: ContentScriptContext): Promise<void> {
  let index: AliasIndex | undefined;
  let session: Session | undefined;
  let settings = parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  const site = siteOf(location.href);

  const apply = () => {
    if (ctx.isInvalid) return;
    const active = activeOn(settings, site);
    if (active && !session) {
      index ??= buildIndex();
      session = new Session(index, settings);
      session.start().catch(logError);
    } else if (!active && session) {
      session.stop();
      session = undefined;
    } else if (session && session.language !== settings.language) {
      // The cards' language is fixed per session: start again in the new one.
      session.stop();
      session = new Session(index!, settings);
      session.start().catch(logError);
    } else {
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
    // Only our popup talks to us (a message from another tab's content script has a tab).
    if (sender.id !== browser.runtime.id || sender.tab) return undefined;
    const req: TabRequest | null = parseTabRequest(message);
    if (!req) return undefined;
    if (req.type === 'page:summary') {
      const status: PageSummary['status'] = settings.paused ? 'paused' : !activeOn(settings, site) ? 'site-off' : session?.ready ? 'active' : 'starting';
      const res: PageSummary = { status, site, entities: session?.summary() ?? [] };
      return Promise.resolve(res);
    }
    return Promise.resolve({ found: session?.reveal(req.id) ?? false });
  };
  browser.runtime.onMessage.addListener(onMessage);

  ctx.onInvalidated(() => {
    // The extension was updated or reloaded: leave the page as we found it.
    session?.stop();
    session = undefined;
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
  main(ctx) {
    main(ctx).catch(logError);
  },
});
