/**
 * The card of a saved snippet on its page: when it was saved, the reader's note and tags.
 */
import type { Translate } from '../utils/i18n-core';
import type { NoteRecord } from '../utils/notes/types';
import { formatDay } from './card-dates';


export function NoteCard({ note, t, onClose }: { note: NoteRecord; t: Translate; onClose: () => void }) {
  return (
    <div class="card note-card" role="dialog" aria-label={t('snippet.noteLabel')}>
      <header>
        <div class="titles">
          <h2 class="name">{t('snippet.noteLabel')}</h2>
          <span class="kind">{t('snippet.savedOn', [formatDay(note.created, t)])}</span>
        </div>
        <button type="button" class="close" aria-label={t('card.close')} title={t('card.close')} onClick={onClose}>
          ×
        </button>
      </header>
      {note.note && <p class="description note-text">{note.note}</p>}
      {note.tags.length > 0 && (
        <div class="chips">
          {note.tags.map((tag) => (
            <span key={tag} class="chip">
              {tag}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
