/**
 * The toolbar popup: what is on the current page (most mentioned first, grouped by kind;
 * choosing one scrolls the page to it), and the switches to turn Dossier off for this
 * site or pause it everywhere.
 */
import { useEffect, useState } from 'preact/hooks';
import { resolveLang, translator, type Lang, type Translate } from '../utils/i18n';
import { browser } from 'wxt/browser';
import { loadCards } from '../utils/cards';
import { Flag } from './Flag';
import { ENTITY_KINDS } from '../utils/kb/schema';
import type { CardMap } from '../utils/kb/types';
import type { PageSummary, TabRequest } from '../utils/messaging';
import { NoteDraftSchema, type TabResponses } from '../utils/messaging';
import { pageKeysFor } from '../utils/notes/page-url';
import { NotesStore } from '../utils/notes/store';
import { LIMITS, type NoteRecord } from '../utils/notes/types';
import { SETTINGS_KEY, parseSettings, type Settings } from '../utils/settings';
import * as v from 'valibot';
import { parseTags } from './SelectionToolbar';
import { SnippetList } from './SnippetList';

// Set from the settings once they are read (see PopupApp); English until then.
let lang: Lang = resolveLang('auto', browser.i18n.getUILanguage());
let t: Translate = translator(lang);

/** The tab the popup is about: the active one, or `?tab=ID` when the popup is opened in a tab of its own. */
async function activeTabId(): Promise<number | undefined> {
  const fromUrl = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
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

const store = new NotesStore();

async function saveSettings(patch: Partial<Settings>): Promise<void> {
  const current = parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  await browser.storage.local.set({ [SETTINGS_KEY]: { ...current, ...patch } });
}

export function PopupApp() {
  const [summary, setSummary] = useState<PageSummary | null | undefined>(undefined);
  const [cards, setCards] = useState<CardMap | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [tabId, setTabId] = useState<number | undefined>(undefined);

  const refresh = async () => {
    const id = tabId ?? (await activeTabId());
    setTabId(id);
    setSummary(id === undefined ? null : ((await sendToTab<PageSummary>(id, { type: 'page:summary' })) ?? null));
  };

  useEffect(() => {
    void loadCards().then(setCards, () => setCards({}));
    void browser.storage.local.get(SETTINGS_KEY).then((r) => {
      const s = parseSettings(r[SETTINGS_KEY]);
      lang = resolveLang(s.language, browser.i18n.getUILanguage());
      t = translator(lang);
      document.documentElement.lang = lang;
      setSettings(s);
    });
    void refresh();
    const onChange = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && changes[SETTINGS_KEY]) {
        setSettings(parseSettings(changes[SETTINGS_KEY].newValue));
        setTimeout(() => void refresh(), 150);
      }
    };
    browser.storage.onChanged.addListener(onChange);
    return () => browser.storage.onChanged.removeListener(onChange);
  }, []);

  const [selection, setSelection] = useState<TabResponses['selection:draft'] | null>(null);
  const [pageNotes, setPageNotes] = useState<NoteRecord[]>([]);
  const [recent, setRecent] = useState<NoteRecord[]>([]);

  const loadNotes = async (s: PageSummary | null) => {
    setRecent(await store.list(20));
    setPageNotes(s?.url ? await store.forPage(pageKeysFor(s.url, s.canonical)) : []);
  };

  useEffect(() => {
    if (tabId === undefined) return;
    void sendToTab<TabResponses['selection:draft']>(tabId, { type: 'selection:draft' }).then((r) => setSelection(r ?? null));
  }, [tabId]);
  useEffect(() => {
    if (summary !== undefined) void loadNotes(summary);
  }, [summary]);

  const site = summary?.site ?? '';
  const siteOn = settings ? !settings.disabledSites.includes(site) : true;

  const toggleSite = () => {
    if (!settings || !site) return;
    const disabledSites = siteOn ? [...settings.disabledSites, site] : settings.disabledSites.filter((s) => s !== site);
    void saveSettings({ disabledSites });
  };

  return (
    <>
      <header class="top">
        <img src="/icon/32.png" alt="" />
        <h1>{t('popup.title')}</h1>
        {settings && (
          <button type="button" class="pause" aria-pressed={settings.paused} onClick={() => void saveSettings({ paused: !settings.paused })}>
            {settings.paused ? t('popup.resume') : t('popup.pause')}
          </button>
        )}
      </header>
      <main>
        {summary && site && (
          <label class="toggle" style={{ margin: '6px 14px' }}>
            <input type="checkbox" checked={siteOn} onChange={toggleSite} /> {t('popup.siteOn')} <strong>{site}</strong>
          </label>
        )}
        {selection?.tooLong && <p class="status">{t('popup.tooLongSelection', [selection.tooLong, LIMITS.quote])}</p>}
        {selection?.draft && tabId !== undefined && (
          <SavePassage
            draft={selection.draft}
            onSaved={() => {
              setSelection(null);
              void sendToTab(tabId, { type: 'notes:changed' });
              void loadNotes(summary ?? null);
            }}
          />
        )}
        <PageEntities summary={summary} cards={cards} tabId={tabId} />
        {pageNotes.length > 0 && (
          <section>
            <h2>{t('popup.savedHere')}</h2>
            <SnippetList notes={pageNotes} lang={lang} t={t} label={t('popup.savedHere')} />
          </section>
        )}
        <section>
          <h2>{t('popup.recent')}</h2>
          {recent.length ? <SnippetList notes={recent} lang={lang} t={t} label={t('popup.recent')} /> : <p class="status">{t('popup.noNotes')}</p>}
        </section>
      </main>
      <footer class="privacy">{t('popup.privacy')}</footer>
    </>
  );
}

function PageEntities({ summary, cards, tabId }: { summary: PageSummary | null | undefined; cards: CardMap | null; tabId?: number }) {
  if (summary === undefined || !cards) return <p class="status">{t('card.loading')}</p>;
  if (summary === null) return <p class="status">{t('popup.notAvailable')}</p>;
  if (summary.status === 'paused') return <p class="status">{t('popup.pausedAll')}</p>;
  if (summary.status === 'site-off') return <p class="status">{t('popup.offForSite', [summary.site])}</p>;
  if (!summary.entities.length) return <p class="status">{summary.status === 'starting' ? t('card.loading') : t('popup.nothingHere')}</p>;
  const groups = new Map<string, { id: string; count: number }[]>();
  for (const e of summary.entities) {
    const kind = cards[e.id]?.kind ?? 'place';
    const list = groups.get(kind) ?? [];
    list.push(e);
    groups.set(kind, list);
  }
  const order = [...groups.keys()].sort((a, b) => ENTITY_KINDS.indexOf(a as never) - ENTITY_KINDS.indexOf(b as never));
  return (
    <>
      <h2>{t('popup.thisPage')}</h2>
      {order.map((kind) => (
        <section key={kind} aria-label={t(`kind.${kind}`)}>
          <h3 class="kind-heading">{t(`kind.${kind}`)}</h3>
          <ul class="entities">
            {groups.get(kind)!.map((e) => {
              const card = cards[e.id];
              return (
                <li key={e.id}>
                  <button type="button" onClick={() => tabId !== undefined && void sendToTab(tabId, { type: 'page:reveal', id: e.id })}>
                    {card?.flag ? <Flag emoji={card.flag} class="e-flag" /> : <span class="e-flag" />}
                    <span class="e-name">
                      {card?.name[lang] ?? e.id}
                      <span class="e-desc">{card?.description[lang]}</span>
                    </span>
                    <span class="e-count">{t('popup.mentions', [e.count])}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}

/** The tab's selected passage, ready to save with a note (the draft comes from the page: validated before saving). */
function SavePassage({ draft, onSaved }: { draft: NonNullable<TabResponses['selection:draft']['draft']>; onSaved: () => void }) {
  const [note, setNote] = useState('');
  const [tags, setTags] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setError(null);
    const checked = v.safeParse(NoteDraftSchema, { ...draft, note: note.trim(), tags: parseTags(tags) });
    if (!checked.success) {
      setError(t('snippet.error.invalid', [checked.issues[0].message]));
      setSaving(false);
      return;
    }
    try {
      await store.add(checked.output);
      onSaved();
    } catch (err) {
      const reason = (err as { reason?: string }).reason ?? 'failed';
      setError(t(`snippet.error.${reason}`, [String((err as Error).message)]));
    } finally {
      setSaving(false);
    }
  };
  return (
    <section class="save-passage" aria-label={t('popup.selected')}>
      <h2>{t('popup.selected')}</h2>
      <blockquote>{draft.quote.exact.length > 400 ? `${draft.quote.exact.slice(0, 400)}…` : draft.quote.exact}</blockquote>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <label>
        <span class="label">{t('snippet.noteLabel')}</span>
        <textarea rows={3} maxLength={LIMITS.note} placeholder={t('snippet.notePlaceholder')} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      </label>
      <label>
        <span class="label">{t('snippet.tagsLabel')}</span>
        <input type="text" placeholder={t('snippet.tagsPlaceholder')} value={tags} onInput={(e) => setTags((e.target as HTMLInputElement).value)} />
      </label>
      <button type="button" class="primary" disabled={saving} onClick={() => void save()}>
        {saving ? t('snippet.saving') : t('popup.savePassage')}
      </button>
    </section>
  );
}
