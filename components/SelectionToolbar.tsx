/**
 * The small toolbar beside a selection: "Save snippet", or "Add note" for a short note
 * and tags before saving. Failures are shown here and the reader's text stays in the
 * form until it is saved or deliberately cancelled.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Translate } from '../utils/i18n-core';
import { LIMITS } from '../utils/notes/types';

export type ToolbarState =
  | { kind: 'offer' }
  | { kind: 'too-long'; length: number }
  | { kind: 'form' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'error'; message: string; canRetry: boolean };

export interface ToolbarProps {
  state: ToolbarState;
  t: Translate;
  /** The reader's note and tags so far (kept by the controller across failures). */
  note: string;
  tags: string;
  onChange: (note: string, tags: string) => void;
  onSave: () => void;
  onAddNote: () => void;
  onCancel: () => void;
}

export function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((t) => t.trim().slice(0, LIMITS.tag))
    .filter(Boolean);
  return [...new Set(tags)].slice(0, LIMITS.tags);
}

export function SelectionToolbar({ state, t, note: initialNote, tags: initialTags, onChange, onSave, onAddNote, onCancel }: ToolbarProps) {
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState(false);
  // The fields' current values live here; the controller is told of every change, so a
  // failed save (which re-renders this form) starts again from what the reader typed.
  const [note, setNote] = useState(initialNote);
  const [tags, setTags] = useState(initialTags);
  const edit = (n: string, g: string) => {
    setNote(n);
    setTags(g);
    onChange(n, g);
  };
  // Focus the note at once (a layout effect runs before the next key press can arrive).
  useLayoutEffect(() => {
    if (state.kind === 'form') noteRef.current?.focus();
  }, [state.kind]);

  // Buttons must not take the page's selection away when pressed.
  const keepSelection = (e: MouseEvent) => e.preventDefault();

  if (state.kind === 'offer') {
    return (
      <div class="toolbar" role="toolbar" aria-label="Dossier">
        <button type="button" class="primary" onMouseDown={keepSelection} onClick={onSave}>
          {t('snippet.save')}
        </button>
        <button type="button" onMouseDown={keepSelection} onClick={onAddNote}>
          {t('snippet.addNote')}
        </button>
      </div>
    );
  }
  if (state.kind === 'too-long') {
    return (
      <div class="toolbar" role="status">
        <p class="message">{t('snippet.tooLong', [state.length.toLocaleString(), LIMITS.quote.toLocaleString()])}</p>
      </div>
    );
  }
  if (state.kind === 'saving' || state.kind === 'saved') {
    return (
      <div class="toolbar" role="status">
        <p class="message">{state.kind === 'saving' ? t('snippet.saving') : t('snippet.saved')}</p>
      </div>
    );
  }
  const error = state.kind === 'error' ? state : null;
  const copy = () => {
    void navigator.clipboard?.writeText(note).then(() => setCopied(true));
  };
  return (
    <form
      class="toolbar form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) onSave();
        e.stopPropagation(); // the page's own shortcuts must not fire while typing here
      }}
    >
      {error && (
        <p class="message error" role="alert">
          {error.message}
        </p>
      )}
      <label>
        <span class="label">{t('snippet.noteLabel')}</span>
        <textarea ref={noteRef} rows={3} maxLength={LIMITS.note} placeholder={t('snippet.notePlaceholder')} value={note} onInput={(e) => edit((e.target as HTMLTextAreaElement).value, tags)} />
      </label>
      <label>
        <span class="label">{t('snippet.tagsLabel')}</span>
        <input type="text" placeholder={t('snippet.tagsPlaceholder')} value={tags} onInput={(e) => edit(note, (e.target as HTMLInputElement).value)} />
      </label>
      <div class="actions">
        {(!error || error.canRetry) && (
          <button type="submit" class="primary">
            {error ? t('snippet.retry') : t('snippet.saveNote')}
          </button>
        )}
        {error && note && (
          <button type="button" onClick={copy}>
            {copied ? t('snippet.copied') : t('snippet.copy')}
          </button>
        )}
        <button type="button" onClick={onCancel}>
          {t('snippet.cancel')}
        </button>
      </div>
    </form>
  );
}
