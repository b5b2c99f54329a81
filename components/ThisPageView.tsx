/**
 * The popup's "This page" view: the entities found on the current tab (most mentioned
 * first, grouped by kind, each with its card in brief; choosing one scrolls the page to its
 * first mention and flashes it), the passage selected on the tab ready to save with a note,
 * the snippets saved on this page, and the switches that turn Dossier off for this site.
 */
import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { ENTITY_KINDS } from '../utils/kb/schema';
import type { CardMap } from '../utils/kb/types';
import { NoteDraftSchema, type PageSummary, type TabRequest, type TabResponses } from '../utils/messaging';
import type { NotesStore } from '../utils/notes/store';
import { LIMITS, type NoteRecord } from '../utils/notes/types';
import { Flag } from './Flag';
import { useI18n } from './i18n-context';
import { parseTags } from './SelectionToolbar';
import { SnippetList } from './SnippetList';

export interface ThisPageProps {
  summary: PageSummary | null | undefined;
  cards: CardMap | null;
  tabId?: number;
  siteOn: boolean;
  toggleSite: () => void;
  selection: TabResponses['selection:draft'] | null;
  pageNotes: NoteRecord[];
  store: NotesStore;
  sendToTab: <T>(tabId: number, req: TabRequest) => Promise<T | undefined>;
  onSaved: () => void;
}

export function ThisPageView(p: ThisPageProps) {
  const { t, lang } = useI18n();
  const site = p.summary?.site ?? '';
  return (
    <>
      {p.summary && site && (
        <label class="toggle site-switch">
          <input type="checkbox" checked={p.siteOn} onChange={p.toggleSite} /> {t('popup.siteOn')} <strong>{site}</strong>
        </label>
      )}
      {p.selection?.tooLong && <p class="status">{t('popup.tooLongSelection', [p.selection.tooLong, LIMITS.quote])}</p>}
      {p.selection?.draft && p.tabId !== undefined && <SavePassage draft={p.selection.draft} store={p.store} onSaved={p.onSaved} />}
      <PageEntities summary={p.summary} cards={p.cards} tabId={p.tabId} sendToTab={p.sendToTab} />
      {p.pageNotes.length > 0 && (
        <section>
          <h2>{t('popup.savedHere')}</h2>
          <SnippetList notes={p.pageNotes} lang={lang} t={t} label={t('popup.savedHere')} />
        </section>
      )}
    </>
  );
}

function PageEntities({ summary, cards, tabId, sendToTab }: { summary: PageSummary | null | undefined; cards: CardMap | null; tabId?: number; sendToTab: ThisPageProps['sendToTab'] }) {
  const { t, lang } = useI18n();
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
function SavePassage({ draft, store, onSaved }: { draft: NonNullable<TabResponses['selection:draft']['draft']>; store: NotesStore; onSaved: () => void }) {
  const { t } = useI18n();
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
