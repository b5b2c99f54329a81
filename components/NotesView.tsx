/**
 * The popup's Notes view: every saved note, newest first, grouped by article; full-text
 * search and filters (entity, site, tag, date); edit in place; delete with undo.
 *
 * Fast with ten thousand notes: the newest few are read and shown first, then all of them
 * (one getAll), and the search index is built in the background after that; the list is
 * virtual (components/VirtualList.tsx). Each search is measured (`dossier:search`) for
 * `npm run bench`.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { NameMap } from '../utils/kb/types';
import { NotesSearch, facetCounts, type NoteFilters } from '../utils/notes/search';
import type { NotesStore } from '../utils/notes/store';
import type { NoteRecord } from '../utils/notes/types';
import { formatDate, useI18n } from './i18n-context';
import { NoteRow, type NoteRowActions } from './NoteRow';
import { VirtualList } from './VirtualList';

type Row = { kind: 'head'; key: string; note: NoteRecord } | { kind: 'note'; key: string; note: NoteRecord };

const FIRST_BATCH = 40;
const DAY = 86_400_000;
const UNDO_MS = 10_000;
const DATE_RANGES = { anyTime: 0, pastWeek: 7, pastMonth: 30, pastYear: 365 } as const;
type DateRange = keyof typeof DATE_RANGES;

export interface NotesViewProps {
  store: NotesStore;
  names: NameMap | null;
  /** Tell open tabs that notes changed (their highlights follow). */
  notifyTabs: () => void;
  openUrl: (url: string) => void;
  /** Never exported: a gentle reminder, with a way to the Backup view. */
  remindExport: boolean;
  goToBackup: () => void;
  /** Bumped by the parent when notes changed elsewhere (an import): reload. */
  reloadKey?: number;
  /** How many notes there are, as it changes (the tab's count). */
  onCount?: (n: number) => void;
}

let firstBatch: Promise<NoteRecord[]> | undefined;

/**
 * Starts reading the newest notes at once (called when the popup's script loads, before
 * anything renders), so the first screen of notes does not wait for the first render.
 */
export function newestNotes(store: NotesStore): Promise<NoteRecord[]> {
  firstBatch ??= store.newest(FIRST_BATCH);
  return firstBatch;
}

export function NotesView({ store, names, notifyTabs, openUrl, remindExport, goToBackup, reloadKey = 0, onCount }: NotesViewProps) {
  const { t, lang } = useI18n();
  const namesRef = useRef(names);
  namesRef.current = names;
  const search = useMemo(
    () =>
      new NotesSearch((id) => {
        const c = namesRef.current?.[id];
        return c ? [...new Set([c.name.en, c.name.fr])] : [];
      }),
    [],
  );
  const [version, setVersion] = useState(0); // bumped whenever the notes or the index change
  const bump = () => setVersion((v) => v + 1);
  const [loaded, setLoaded] = useState<'no' | 'some' | 'all'>('no');
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [entity, setEntity] = useState('');
  const [site, setSite] = useState('');
  const [tag, setTag] = useState('');
  const [range, setRange] = useState<DateRange>('anyTime');
  const [undo, setUndo] = useState<{ notes: NoteRecord[]; message: string } | null>(null);
  const undoTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const first = await (reloadKey === 0 ? newestNotes(store) : store.newest(FIRST_BATCH));
        if (cancelled) return;
        search.setNotes(first);
        setLoaded(first.length < FIRST_BATCH ? 'all' : 'some');
        bump();
        // Let the first screen of notes paint before reading the rest (that read is work on
        // this thread too). When it painted is what `npm run bench` times as "first render",
        // with the Element Timing API on the first note (see NoteRow's `timing`).
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        if (first.length < FIRST_BATCH) {
          void search.build().then(bump);
          return;
        }
        const all = await store.all(() => new Promise((r) => setTimeout(r, 0)));
        if (cancelled) return;
        search.setNotes(all);
        setLoaded('all');
        bump();
        performance.mark('dossier:notes-all');
        await search.build();
        if (!cancelled) {
          performance.mark('dossier:notes-indexed');
          bump();
        }
      } catch (err) {
        setError(t('notes.error', [String((err as Error).message ?? err)]));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [reloadKey]);

  // Entity names change the index: rebuild if they arrive after it was built.
  useEffect(() => {
    if (names && search.ready) {
      search.setNotes([...search.notes]);
      void search.build().then(bump);
    }
  }, [names]);

  const filters: NoteFilters = {
    ...(entity && { entity }),
    ...(site && { site }),
    ...(tag && { tag }),
    ...(range !== 'anyTime' && { since: new Date(Date.now() - DATE_RANGES[range] * DAY).toISOString() }),
  };
  const filtered = Boolean(entity || site || tag || range !== 'anyTime');

  const results = useMemo(() => {
    const start = performance.now();
    const r = search.search(query, filters);
    performance.measure('dossier:search', { start, end: performance.now(), detail: { query, count: r.length, indexed: search.ready } });
    return r;
  }, [version, query, entity, site, tag, range]);

  const rows = useMemo(() => {
    const out: Row[] = [];
    let lastUrl = '';
    for (const n of results) {
      if (n.page.url !== lastUrl) out.push({ kind: 'head', key: `h:${n.id}`, note: n });
      lastUrl = n.page.url;
      out.push({ kind: 'note', key: n.id, note: n });
    }
    return out;
  }, [results]);

  const facets = useMemo(
    () => ({
      entities: facetCounts(search.notes, (n) => n.entities),
      sites: facetCounts(search.notes, (n) => [n.page.site]),
      tags: facetCounts(search.notes, (n) => n.tags),
    }),
    [version],
  );

  const showUndo = (notes: NoteRecord[], message: string) => {
    clearTimeout(undoTimer.current);
    setUndo({ notes, message });
    undoTimer.current = setTimeout(() => setUndo(null), UNDO_MS);
  };

  const actions: NoteRowActions = {
    open: openUrl,
    async edit(id, change) {
      try {
        search.upsert(await store.edit(id, change));
        bump();
        notifyTabs();
        return null;
      } catch (err) {
        return t('notes.error', [String((err as Error).message ?? err)]);
      }
    },
    remove(note) {
      void (async () => {
        try {
          const removed = await store.remove([note.id]);
          for (const r of removed) search.remove(r.id);
          bump();
          notifyTabs();
          // Deleting several in a row: one Undo brings them all back.
          const pending = undo ? [...undo.notes, ...removed] : removed;
          showUndo(pending, t('notes.deleted', [pending.length]));
          requestAnimationFrame(() => document.getElementById('undo-button')?.focus());
        } catch (err) {
          setError(t('notes.error', [String((err as Error).message ?? err)]));
        }
      })();
    },
    filterEntity: setEntity,
    filterTag: setTag,
  };

  const doUndo = async () => {
    if (!undo) return;
    try {
      await store.put(undo.notes);
      for (const n of undo.notes) search.upsert(n);
      bump();
      notifyTabs();
      clearTimeout(undoTimer.current);
      setUndo({ notes: [], message: t('notes.restored', [undo.notes.length]) });
      undoTimer.current = setTimeout(() => setUndo(null), 3000);
    } catch (err) {
      setError(t('notes.error', [String((err as Error).message ?? err)]));
    }
  };

  const total = search.notes.length;
  useEffect(() => {
    if (loaded === 'all') onCount?.(total);
  }, [total, loaded]);
  const nameOf = (id: string) => names?.[id]?.name[lang] ?? id;
  const num = (n: number) => n.toLocaleString(lang);

  return (
    <div class="notes-view">
      <div class="notes-tools">
        <input
          type="search"
          class="search"
          aria-label={t('notes.search')}
          placeholder={t('notes.searchPlaceholder')}
          value={query}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
        />
        <div class="filters" role="group" aria-label={t('notes.filters')}>
          <select aria-label={t('notes.entity')} value={entity} onChange={(e) => setEntity((e.target as HTMLSelectElement).value)}>
            <option value="">{t('notes.allEntities')}</option>
            {facets.entities.map(([id, n]) => (
              <option key={id} value={id}>
                {nameOf(id)} ({n})
              </option>
            ))}
          </select>
          <select aria-label={t('notes.site')} value={site} onChange={(e) => setSite((e.target as HTMLSelectElement).value)}>
            <option value="">{t('notes.allSites')}</option>
            {facets.sites.map(([s, n]) => (
              <option key={s} value={s}>
                {s} ({n})
              </option>
            ))}
          </select>
          <select aria-label={t('notes.tag')} value={tag} onChange={(e) => setTag((e.target as HTMLSelectElement).value)}>
            <option value="">{t('notes.allTags')}</option>
            {facets.tags.map(([s, n]) => (
              <option key={s} value={s}>
                #{s} ({n})
              </option>
            ))}
          </select>
          <select aria-label={t('notes.date')} value={range} onChange={(e) => setRange((e.target as HTMLSelectElement).value as DateRange)}>
            {(Object.keys(DATE_RANGES) as DateRange[]).map((r) => (
              <option key={r} value={r}>
                {t(`notes.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="notes-status">
          <span aria-live="polite">{loaded !== 'all' ? t('notes.loading') : query || filtered ? t('notes.matching', [num(results.length)]) : t('notes.count', [num(total)])}</span>
          {filtered && (
            <button
              type="button"
              class="link"
              onClick={() => {
                setEntity('');
                setSite('');
                setTag('');
                setRange('anyTime');
              }}
            >
              {t('notes.clear')}
            </button>
          )}
        </div>
        {remindExport && total > 0 && (
          <p class="reminder">
            <button type="button" class="link" onClick={goToBackup}>
              {t('notes.reminder')}
            </button>
          </p>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </div>
      {loaded !== 'no' && total === 0 ? (
        <p class="status">{t('notes.empty')}</p>
      ) : loaded !== 'no' && results.length === 0 ? (
        <p class="status">{t('notes.noMatch')}</p>
      ) : (
        <VirtualList
          items={rows}
          keyOf={(r) => r.key}
          focusable={(r) => r.kind === 'note'}
          estimate={estimateRow}
          label={t('notes.listLabel')}
          class="notes-list"
          render={(r, i) => (r.kind === 'head' ? <ArticleHead note={r.note} openUrl={openUrl} /> : <NoteRow note={r.note} names={names} actions={actions} timing={i === 1} />)}
        />
      )}
      <div class="toast" role="status">
        {undo && (
          <>
            <span>{undo.message}</span>
            {undo.notes.length > 0 && (
              <button id="undo-button" type="button" onClick={() => void doUndo()}>
                {t('notes.undo')}
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function ArticleHead({ note, openUrl }: { note: NoteRecord; openUrl: (url: string) => void }) {
  const { t, lang } = useI18n();
  const p = note.page;
  return (
    <header class="article-head">
      <h3 lang={p.lang || undefined}>
        <a
          href={p.url}
          target="_blank"
          rel="noopener noreferrer"
          onClick={(e) => {
            e.preventDefault();
            openUrl(p.url);
          }}
        >
          {p.title || shortUrl(p.url) || t('notes.untitled')}
        </a>
      </h3>
      <p class="article-meta">
        {p.title ? p.site : ''}
        {p.title && p.published ? ' · ' : ''}
        {p.published && formatDate(p.published, lang)}
      </p>
    </header>
  );
}

/** An address without its scheme, "www." or query, for a page that has no title. */
function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return (u.host.replace(/^www\./, '') + u.pathname).replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** A row's height before it is measured: close enough that the scrollbar barely moves. */
function estimateRow(r: Row): number {
  if (r.kind === 'head') return 50;
  const n = r.note;
  const quoteLines = Math.min(4, Math.ceil(Math.min(n.quote.exact.length, 600) / 52));
  const noteLines = n.note ? Math.min(6, Math.ceil(n.note.length / 55)) : 0;
  const chips = n.entities.length || n.tags.length ? 28 : 0;
  return 52 + quoteLines * 19 + noteLines * 19 + chips;
}
