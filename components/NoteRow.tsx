/**
 * One saved note in the Notes list: the passage, the reader's note, the entities and tags
 * (each a button that filters the list), when it was saved, whether the passage is still on
 * its page; and its actions: open the article at the passage, edit, delete. Editing happens
 * in place (the note and its tags; the passage is what the page said and stays as saved).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { NameMap } from '../utils/kb/types';
import { textFragmentUrl } from '../utils/notes/text-fragment';
import { LIMITS, type NoteRecord } from '../utils/notes/types';
import { formatDate, useI18n } from './i18n-context';
import { parseTags } from './SelectionToolbar';

export interface NoteRowActions {
  open(url: string): void;
  edit(id: string, change: { note: string; tags: string[] }): Promise<string | null>;
  remove(note: NoteRecord): void;
  filterEntity(id: string): void;
  filterTag(tag: string): void;
}

const QUOTE_PREVIEW = 600;

/** `timing`: the first note of the list, whose paint the Element Timing API reports (bench). */
export function NoteRow({ note, names, actions, timing }: { note: NoteRecord; names: NameMap | null; actions: NoteRowActions; timing?: boolean }) {
  const { t, lang } = useI18n();
  const [editing, setEditing] = useState(false);
  const rowRef = useRef<HTMLElement>(null);
  const quoteId = `q-${note.id}`;
  const link = textFragmentUrl(note);
  const orphan = note.anchor?.status === 'orphan';
  const chips = note.entities.map((id) => ({ id, name: names?.[id]?.name[lang] ?? id }));

  const closeEditor = () => {
    setEditing(false);
    // Back to the row, so keyboard users stay where they were.
    requestAnimationFrame(() => rowRef.current?.focus());
  };

  return (
    <article ref={rowRef} class={`note${orphan ? ' is-orphan' : ''}`} tabIndex={0} data-row-focus aria-labelledby={quoteId}>
      <blockquote id={quoteId} class="quote" lang={note.page.lang || undefined} {...(timing && { elementtiming: 'first-note' })}>
        {note.quote.exact.length > QUOTE_PREVIEW ? `${note.quote.exact.slice(0, QUOTE_PREVIEW)}…` : note.quote.exact}
      </blockquote>
      {editing ? (
        <NoteEditor note={note} onDone={closeEditor} save={(change) => actions.edit(note.id, change)} />
      ) : (
        <>
          {note.note && <p class="note-text">{note.note}</p>}
          {(chips.length > 0 || note.tags.length > 0) && (
            <div class="chips">
              {chips.map(({ id, name }) => (
                <button key={id} type="button" class="chip entity" title={t('notes.filterEntity', [name])} onClick={() => actions.filterEntity(id)}>
                  {name}
                </button>
              ))}
              {note.tags.map((tag) => (
                <button key={`#${tag}`} type="button" class="chip tag" title={t('notes.filterTag', [tag])} onClick={() => actions.filterTag(tag)}>
                  #{tag}
                </button>
              ))}
            </div>
          )}
          <div class="note-meta">
            <span>{t('notes.savedOn', [formatDate(note.created, lang)])}</span>
            {orphan && <span class="orphan">{t('notes.notFound')}</span>}
            <span class="actions">
              <a
                href={link}
                target="_blank"
                rel="noopener noreferrer"
                title={t('notes.openTitle')}
                onClick={(e) => {
                  e.preventDefault();
                  actions.open(link);
                }}
              >
                {t('notes.open')}
              </a>
              <button type="button" title={t('notes.editTitle')} onClick={() => setEditing(true)}>
                {t('notes.edit')}
              </button>
              <button type="button" title={t('notes.deleteTitle')} onClick={() => actions.remove(note)}>
                {t('notes.delete')}
              </button>
            </span>
          </div>
        </>
      )}
    </article>
  );
}

function NoteEditor({ note, save, onDone }: { note: NoteRecord; save: (change: { note: string; tags: string[] }) => Promise<string | null>; onDone: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(note.note);
  const [tags, setTags] = useState(note.tags.join(', '));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);

  const submit = async () => {
    setBusy(true);
    const problem = await save({ note: text.trim(), tags: parseTags(tags) });
    setBusy(false);
    if (problem) setError(problem);
    else onDone();
  };

  return (
    <form
      class="note-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onDone();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <label>
        <span class="label">{t('notes.noteLabel')}</span>
        <textarea ref={area} rows={3} maxLength={LIMITS.note} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      </label>
      <label>
        <span class="label">{t('notes.tagsLabel')}</span>
        <input type="text" value={tags} onInput={(e) => setTags((e.target as HTMLInputElement).value)} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="editor-actions">
        <button type="button" onClick={onDone}>
          {t('notes.cancel')}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {t('notes.save')}
        </button>
      </div>
    </form>
  );
}
