/**
 * The toolbar popup, in three views (tabs): This page (who is on the current tab, its
 * saved passages, the site switch), Notes (every note: search, filter, edit, delete) and
 * Backup (export, import, storage). `popup.html?view=notes|backup` opens a view directly;
 * `&full=1` lays it out as a page (import runs there: a file dialog closes the popup);
 * `?tab=ID` says which tab the popup is about when it is itself opened in a tab (tests).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { loadCards, loadNames } from '../utils/cards';
import { resolveLang, translator, type Lang } from '../utils/i18n';
import type { CardMap, NameMap } from '../utils/kb/types';
import type { PageSummary, TabRequest, TabResponses } from '../utils/messaging';
import { pageKeysFor } from '../utils/notes/page-url';
import { NotesStore } from '../utils/notes/store';
import type { NoteRecord } from '../utils/notes/types';
import { SETTINGS_KEY, parseSettings, type Settings } from '../utils/settings';
import { BackupView, LAST_EXPORT_KEY } from './BackupView';
import { I18nContext, type I18n } from './i18n-context';
import { NotesView, newestNotes } from './NotesView';
import { ThisPageView } from './ThisPageView';
import { saveSettings } from './save-settings';

const VIEWS = ['page', 'notes', 'backup'] as const;
type View = (typeof VIEWS)[number];
const TAB_LABEL: Record<View, string> = { page: 'tabs.thisPage', notes: 'tabs.notes', backup: 'tabs.backup' };

const params = new URLSearchParams(location.search);
const fullPage = params.get('full') === '1';
const initialView: View = (VIEWS as readonly string[]).includes(params.get('view') ?? '') ? (params.get('view') as View) : 'page';

/** The tab the popup is about: the active one, or `?tab=ID` when the popup is opened in a tab of its own. */
async function activeTabId(): Promise<number | undefined> {
  const fromUrl = Number(params.get('tab'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  if (fullPage) return undefined;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function sendToTab<T>(tabId: number, req: TabRequest): Promise<T | undefined> {
  try {
    return (await browser.tabs.sendMessage(tabId, req)) as T;
  } catch {
    return undefined; // no content script there (browser pages, the store, a PDF)
  }
}

/** Notes changed here: every open tab repaints its saved passages (a message each; tabs without Dossier ignore it). */
async function notifyTabs(): Promise<void> {
  const tabs = await browser.tabs.query({}).catch(() => []);
  await Promise.all(tabs.map((tab) => tab.id !== undefined && sendToTab(tab.id, { type: 'notes:changed' })));
}

/** Opens a page in a new tab (the popup closes by itself as the tab takes focus). */
function openUrl(url: string): void {
  void browser.tabs.create({ url });
}

const store = new NotesStore();
// Opening on the notes: start reading them now, in parallel with the first render.
if (initialView === 'notes') void newestNotes(store).catch(() => undefined);

export function PopupApp() {
  const [lang, setLang] = useState<Lang>(() => resolveLang('auto', browser.i18n.getUILanguage()));
  const i18n: I18n = useMemo(() => ({ lang, t: translator(lang) }), [lang]);
  const { t } = i18n;
  const [view, setView] = useState<View>(initialView);
  const [summary, setSummary] = useState<PageSummary | null | undefined>(undefined);
  const [cards, setCards] = useState<CardMap | null>(null);
  const [names, setNames] = useState<NameMap | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [tabId, setTabId] = useState<number | undefined>(undefined);
  const [selection, setSelection] = useState<TabResponses['selection:draft'] | null>(null);
  const [pageNotes, setPageNotes] = useState<NoteRecord[]>([]);
  const [noteCount, setNoteCount] = useState<number | null>(null);
  const [neverExported, setNeverExported] = useState(false);
  const [notesKey, setNotesKey] = useState(0);
  const tabRefs = useRef<Partial<Record<View, HTMLButtonElement | null>>>({});

  const refresh = async () => {
    const id = tabId ?? (await activeTabId());
    setTabId(id);
    setSummary(id === undefined ? null : ((await sendToTab<PageSummary>(id, { type: 'page:summary' })) ?? null));
  };

  const loadCounts = async () => {
    setNoteCount(await store.count().catch(() => null));
    setNeverExported(!(await store.getMeta<string>(LAST_EXPORT_KEY).catch(() => 'unknown')));
  };

  useEffect(() => {
    void loadNames().then(setNames, () => setNames({}));
    void browser.storage.local.get(SETTINGS_KEY).then((r) => {
      const s = parseSettings(r[SETTINGS_KEY]);
      setLang(resolveLang(s.language, browser.i18n.getUILanguage()));
      setSettings(s);
    });
    void refresh();
    void loadCounts();
    // Firefox grants persistence to an extension with unlimitedStorage when asked; Chromium
    // answers false but never evicts it (see wxt.config.ts). Asking costs nothing.
    void navigator.storage?.persist?.().catch(() => false);
    const onChange = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && changes[SETTINGS_KEY]) {
        const s = parseSettings(changes[SETTINGS_KEY].newValue);
        setSettings(s);
        setLang(resolveLang(s.language, browser.i18n.getUILanguage()));
        setTimeout(() => void refresh(), 150);
      }
    };
    browser.storage.onChanged.addListener(onChange);
    return () => browser.storage.onChanged.removeListener(onChange);
  }, []);

  // The full cards (descriptions, links) only where they are shown or exported.
  useEffect(() => {
    if (!cards && (view === 'page' || view === 'backup')) void loadCards().then(setCards, () => setCards({}));
  }, [view]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('extName');
  }, [lang]);
  useEffect(() => {
    document.body.classList.toggle('full', fullPage);
  }, []);

  const loadPageNotes = async (s: PageSummary | null) => {
    setPageNotes(s?.url ? await store.forPage(pageKeysFor(s.url, s.canonical)) : []);
  };

  useEffect(() => {
    if (tabId === undefined) return;
    void sendToTab<TabResponses['selection:draft']>(tabId, { type: 'selection:draft' }).then((r) => setSelection(r ?? null));
  }, [tabId]);
  useEffect(() => {
    if (summary !== undefined) void loadPageNotes(summary);
  }, [summary, notesKey]);

  const site = summary?.site ?? '';
  const siteOn = settings ? !settings.disabledSites.includes(site) : true;
  const toggleSite = () => {
    if (!settings || !site) return;
    const disabledSites = siteOn ? [...settings.disabledSites, site] : settings.disabledSites.filter((s) => s !== site);
    void saveSettings({ disabledSites });
  };

  const notesChanged = () => {
    setNotesKey((k) => k + 1);
    void loadCounts();
  };

  const onTabKey = (e: KeyboardEvent) => {
    const at = VIEWS.indexOf(view);
    const to = e.key === 'ArrowRight' ? (at + 1) % VIEWS.length : e.key === 'ArrowLeft' ? (at + VIEWS.length - 1) % VIEWS.length : e.key === 'Home' ? 0 : e.key === 'End' ? VIEWS.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    setView(VIEWS[to]!);
    tabRefs.current[VIEWS[to]!]?.focus();
  };

  return (
    <I18nContext.Provider value={i18n}>
      <header class="top">
        <img src="/icon/32.png" alt="" />
        <h1>{t('popup.title')}</h1>
        {settings && (
          <button type="button" class="pause" aria-pressed={settings.paused} onClick={() => void saveSettings({ paused: !settings.paused })}>
            {settings.paused ? t('popup.resume') : t('popup.pause')}
          </button>
        )}
        {/* The options page opens in a tab of its own (manifest options_ui.open_in_tab); the popup closes, a full-page view stays. */}
        <button type="button" class="pause" onClick={() => void browser.runtime.openOptionsPage().then(() => !fullPage && window.close())}>
          {t('popup.settings')}
        </button>
      </header>
      <nav class="tabs" role="tablist" aria-label={t('tabs.label')} onKeyDown={onTabKey}>
        {VIEWS.map((v) => (
          <button
            key={v}
            ref={(el) => {
              tabRefs.current[v] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${v}`}
            aria-selected={view === v}
            aria-controls={`panel-${v}`}
            tabIndex={view === v ? 0 : -1}
            onClick={() => setView(v)}
          >
            {t(TAB_LABEL[v])}
            {v === 'notes' && noteCount ? <span class="count">{noteCount.toLocaleString(lang)}</span> : null}
            {v === 'backup' && neverExported && noteCount ? <span class="dot" aria-hidden="true" /> : null}
          </button>
        ))}
      </nav>
      <div id={`panel-${view}`} role="tabpanel" aria-labelledby={`tab-${view}`} class={`panel panel-${view}`}>
        {view === 'page' && (
          <ThisPageView
            summary={summary}
            cards={cards}
            tabId={tabId}
            siteOn={siteOn}
            toggleSite={toggleSite}
            selection={selection}
            pageNotes={pageNotes}
            store={store}
            sendToTab={sendToTab}
            onSaved={() => {
              setSelection(null);
              if (tabId !== undefined) void sendToTab(tabId, { type: 'notes:changed' });
              notesChanged();
            }}
          />
        )}
        {view === 'notes' && (
          <NotesView
            store={store}
            names={names}
            notifyTabs={() => void notifyTabs()}
            openUrl={openUrl}
            remindExport={neverExported}
            goToBackup={() => setView('backup')}
            reloadKey={notesKey}
            onCount={setNoteCount}
          />
        )}
        {view === 'backup' && <BackupView store={store} cards={cards} inPopup={!fullPage} notifyTabs={() => void notifyTabs()} onChanged={notesChanged} />}
      </div>
      {view === 'page' && <footer class="privacy">{t('popup.privacy')}</footer>}
    </I18nContext.Provider>
  );
}
