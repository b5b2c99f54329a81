/**
 * Notes as Markdown, for reading them or pasting them into another notebook: one section
 * per article, the passages as quotes, the reader's own words as they typed them.
 *
 * The text comes from web pages and from the reader, not from us, so whatever Markdown
 * would read as structure (a heading, a list, a quote, an HTML tag) is escaped; what is
 * only punctuation is left alone so that the file stays pleasant to read as text.
 */
import type { Translate } from '../i18n';
import type { NoteRecord } from './types';

export interface MarkdownOptions {
  t: Translate;
  lang: 'en' | 'fr';
  entityName(id: string): string | undefined;
  /** ISO time of the export. */
  generated: string;
  /** For the saved dates; the reader's own time zone when absent (tests pin it). */
  timeZone?: string;
}

/**
 * Escapes what would change meaning at the start of a (trimmed) line: ATX headings, block
 * quotes, list items, thematic breaks and setext underlines, code fences, link definitions.
 * A "#tag" or "-5 °C" is left as it is: Markdown reads those as text too.
 */
const LINE_START = /^(?:#{1,6}(?=\s|$)|>|[-*+](?=\s|$)|([-*_])(?:\s*\1){2,}\s*$|-+\s*$|=+\s*$|`{3}|~{3}|\[(?=[^\]]*\]:))/;
const ORDERED = /^(\d{1,9})([.)])(?=\s|$)/;

function escapeLineStart(line: string): string {
  if (LINE_START.test(line)) return `\\${line}`;
  return line.replace(ORDERED, '$1\\$2');
}

/** An HTML tag, comment or autolink anywhere in the text would be rendered, not shown. */
const escapeTags = (s: string) => s.replace(/<(?=[A-Za-z/!?])/g, '\\<');

/** Inline text (site, tags, names): emphasis, code and link brackets would otherwise take effect. */
const escapeInline = (s: string) => escapeTags(s.replace(/[\\`*[\]]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (c) => `\\${c}`));

/** Link text: a bracket would end it early. */
const escapeLinkText = (s: string) => escapeTags(s.replace(/[\\[\]]/g, (c) => `\\${c}`));

/** What would end or break a link destination, percent-encoded (the same address to a browser). */
const escapeUrl = (url: string) => url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/**
 * The text's paragraphs (runs of non-blank lines), each line trimmed (page text carries the
 * HTML source's indentation, and four spaces would make a code block) and made safe.
 */
function paragraphs(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line) current.push(escapeTags(escapeLineStart(line)));
    else if (current.length) {
      out.push(current);
      current = [];
    }
  }
  if (current.length) out.push(current);
  return out;
}

// Line breaks inside a paragraph stay breaks (two trailing spaces: invisible when read as text).
const HARD_BREAK = '  \n';

const blockquote = (text: string) =>
  paragraphs(text)
    .map((p) => p.map((line) => `> ${line}`).join(HARD_BREAK))
    .join('\n>\n');

const paragraph = (text: string) =>
  paragraphs(text)
    .map((p) => p.join(HARD_BREAK))
    .join('\n\n');

/**
 * All the notes as one Markdown document: articles newest first (by their newest note),
 * each article's passages in reading order.
 */
export function toMarkdown(notes: NoteRecord[], opts: MarkdownOptions): string {
  const { t } = opts;
  const locale = opts.lang === 'fr' ? 'fr-CA' : 'en-CA';
  const savedFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: opts.timeZone });
  // A publication date is a calendar day, not an instant: shown as written, whatever the reader's zone.
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  // A date that does not parse is shown as written rather than failing the whole export.
  const formatted = (format: Intl.DateTimeFormat, text: string, iso = text) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? text : format.format(d);
  };
  const savedDate = (iso: string) => formatted(savedFormat, iso);

  const byArticle = new Map<string, NoteRecord[]>();
  for (const n of notes) {
    const group = byArticle.get(n.page.url);
    if (group) group.push(n);
    else byArticle.set(n.page.url, [n]);
  }
  const newest = (group: NoteRecord[]) => group.reduce((max, n) => (n.created > max ? n.created : max), '');
  const articles = [...byArticle.values()].map((group) => ({ group, newest: newest(group) })).sort((a, b) => b.newest.localeCompare(a.newest));

  const out: string[] = [`# ${t('markdown.title')}`, t('markdown.summary', [notes.length, savedDate(opts.generated)])];
  for (const { group } of articles) {
    // The newest note has the latest word on the article's title and date.
    const page = group.reduce((a, b) => (b.created > a.created ? b : a)).page;
    out.push(`## [${escapeLinkText(page.title || page.site || page.url)}](${escapeUrl(page.url)})`);
    const about: string[] = [];
    // Without a title the site is already the heading.
    if (page.site && page.title) about.push(escapeInline(page.site));
    if (page.published) about.push(t('markdown.published', [formatted(dayFormat, page.published, `${page.published}T00:00:00Z`)]));
    if (about.length) out.push(about.join(' · '));

    const reading = [...group].sort((a, b) => a.position.start - b.position.start || a.created.localeCompare(b.created));
    for (const n of reading) {
      const quote = blockquote(n.quote.exact);
      if (quote) out.push(quote);
      const note = paragraph(n.note);
      if (note) out.push(note);
      const details: string[] = [];
      // A tag with a space would end at the space as a #hashtag elsewhere.
      const tags = n.tags.map((tag) => `#${escapeInline(tag.trim().replace(/\s+/g, '-'))}`).join(' ');
      if (tags) details.push(tags);
      const names = n.entities.map((id) => escapeInline(opts.entityName(id) ?? id)).join(', ');
      if (names) details.push(names);
      details.push(t('markdown.saved', [savedDate(n.created)]));
      if (n.anchor?.status === 'orphan') details.push(`⚠ ${t('markdown.notFound')}`);
      out.push(escapeLineStart(details.join(' · ')));
    }
  }
  return out.join('\n\n') + '\n';
}
