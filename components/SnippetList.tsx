/**
 * A list of saved snippets: the quote, the reader's note, where and when. Passages that
 * could not be found on their page any more are kept, and marked.
 */
import type { Lang, Translate } from '../utils/i18n';
import type { NoteRecord } from '../utils/notes/types';

function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'medium' }).format(new Date(iso));
}

export function SnippetList({ notes, lang, t, label }: { notes: NoteRecord[]; lang: Lang; t: Translate; label: string }) {
  return (
    <ul class="snippets" aria-label={label}>
      {notes.map((n) => (
        <li key={n.id} class="snippet">
          <blockquote>{n.quote.exact.length > 280 ? `${n.quote.exact.slice(0, 280)}…` : n.quote.exact}</blockquote>
          {n.note && <p class="snippet-note">{n.note}</p>}
          <p class="snippet-meta">
            <span>{n.page.site}</span> · <span>{formatDate(n.created, lang)}</span>
            {n.anchor?.status === 'orphan' && <span class="orphan"> · {t('popup.notFoundHere')}</span>}
          </p>
        </li>
      ))}
    </ul>
  );
}
