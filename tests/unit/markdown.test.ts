import { describe, expect, it } from 'vitest';
import { translator } from '../../utils/i18n';
import { toMarkdown } from '../../utils/notes/markdown';
import { pageKeysFor } from '../../utils/notes/page-url';
import type { NoteRecord } from '../../utils/notes/types';

const NAMES: Record<string, string> = { ca: 'Canada', cn: 'China', 'us-congress': 'United States Congress' };

function note(id: string, overrides: Partial<NoteRecord> = {}): NoteRecord {
  const base: NoteRecord = {
    id,
    page: { url: 'https://news.example/world/article-1', visitedUrl: 'https://news.example/world/article-1', title: 'Canada and Japan sign a pact', site: 'news.example', lang: 'en', published: '2026-02-27' },
    quote: { exact: 'Canada will share more cyber threat intelligence', prefix: '', suffix: '' },
    position: { start: 100, end: 148 },
    entities: [],
    note: '',
    tags: [],
    created: '2026-03-01T15:00:00.000Z',
    updated: '2026-03-01T15:00:00.000Z',
    pageKeys: [],
    ...overrides,
  };
  return { ...base, pageKeys: pageKeysFor(base.page.visitedUrl, base.page.url) };
}

const md = (notes: NoteRecord[], lang: 'en' | 'fr' = 'en') =>
  toMarkdown(notes, { t: translator(lang), lang, entityName: (id) => NAMES[id], generated: '2026-03-05T12:00:00.000Z', timeZone: 'UTC' });

const ARTICLE_2 = { url: 'https://other.example/story(2)', visitedUrl: 'https://other.example/story(2)', title: '', site: 'other.example', lang: 'fr' };

describe('Markdown export', () => {
  it('writes a readable document, one section per article', () => {
    const notes = [
      note('a', { note: 'Check the date', tags: ['cyber', 'threat intel'], entities: ['ca', 'zz'] }),
      note('b', { quote: { exact: 'An earlier passage', prefix: '', suffix: '' }, position: { start: 10, end: 28 }, created: '2026-03-03T09:00:00.000Z', anchor: { status: 'orphan', checked: '2026-03-04T00:00:00.000Z' } }),
      note('c', { page: ARTICLE_2, created: '2026-03-02T09:00:00.000Z', anchor: { status: 'found', checked: '2026-03-04T00:00:00.000Z' } }),
    ];
    expect(md(notes)).toBe(
      [
        '# Dossier notes',
        '',
        'Exported on Mar 5, 2026 · 3 notes',
        '',
        // The first article's newest note (Mar 3) is newer than the second article's (Mar 2).
        '## [Canada and Japan sign a pact](https://news.example/world/article-1)',
        '',
        'news.example · published Feb 27, 2026',
        '',
        // Passages in reading order, not in the order they were saved.
        '> An earlier passage',
        '',
        'Saved Mar 3, 2026 · ⚠ Not found on the page when last checked',
        '',
        '> Canada will share more cyber threat intelligence',
        '',
        'Check the date',
        '',
        '#cyber #threat-intel · Canada, zz · Saved Mar 1, 2026',
        '',
        // No title: the site stands in, and is not repeated.
        '## [other.example](https://other.example/story%282%29)',
        '',
        '> Canada will share more cyber threat intelligence',
        '',
        'Saved Mar 2, 2026',
        '',
      ].join('\n'),
    );
  });

  it('orders articles by their newest note, newest first', () => {
    const at = (id: string, url: string, created: string) => note(id, { page: { ...note('x').page, url, visitedUrl: url, title: url.slice(-1) }, created });
    const out = md([at('1', 'https://a.example/A', '2026-01-01T00:00:00.000Z'), at('2', 'https://b.example/B', '2026-01-02T00:00:00.000Z'), at('3', 'https://a.example/A', '2026-01-03T00:00:00.000Z'), at('4', 'https://c.example/C', '2025-12-01T00:00:00.000Z')]);
    expect(out.match(/^## \[(\w)\]/gm)).toEqual(['## [A]', '## [B]', '## [C]']);
  });

  it('keeps the reader’s text from turning into Markdown structure', () => {
    const out = md([
      note('a', {
        page: { ...note('x').page, title: 'Why [brackets] matter' },
        quote: { exact: '# Not a heading\n> not a quote\n1. not a list\n<img src=x onerror=alert(1)>', prefix: '', suffix: '' },
        note: '- not a list\n+ nor this\n* nor this\n---\n2) not ordered\n#hashtag stays\n-5 °C stays\na < b stays\n    indented is not code\nText\n===',
      }),
    ]);
    expect(out).toContain('## [Why \\[brackets\\] matter](');
    expect(out).toContain('> \\# Not a heading  \n> \\> not a quote  \n> 1\\. not a list  \n> \\<img src=x onerror=alert(1)>\n');
    expect(out).toContain(
      ['\\- not a list', '\\+ nor this', '\\* nor this', '\\---', '2\\) not ordered', '#hashtag stays', '-5 °C stays', 'a < b stays', 'indented is not code', 'Text', '\\==='].join('  \n') + '\n',
    );
  });

  it('keeps paragraphs and line breaks of quotes and notes', () => {
    const out = md([note('a', { quote: { exact: 'First\nsecond\n\n\nthird', prefix: '', suffix: '' }, note: '\nOne\r\ntwo\n\nthree\n' })]);
    expect(out).toContain('> First  \n> second\n>\n> third\n\nOne  \ntwo\n\nthree\n\nSaved');
  });

  it('escapes tags and names that would become emphasis or links', () => {
    const out = md([note('a', { tags: ['*star*', 'snake_case', '_lead', '[x]'], entities: ['us-congress'] })]);
    expect(out).toContain('#\\*star\\* #snake_case #\\_lead #\\[x\\] · United States Congress · Saved');
  });

  it('speaks French', () => {
    const out = md([note('a', { anchor: { status: 'orphan', checked: '2026-03-04T00:00:00.000Z' } })], 'fr');
    expect(out).toContain('# Notes de Dossier\n');
    expect(out).toContain('Export du 5 mars 2026 · 1 note\n');
    expect(out).toContain('news.example · publié le 27 févr. 2026\n');
    expect(out).toContain('Enregistrée le 1 mars 2026 · ⚠ Introuvable sur la page lors de la dernière vérification\n');
    expect(md([], 'fr')).toBe('# Notes de Dossier\n\nExport du 5 mars 2026 · aucune note\n');
  });

  it('counts notes in the summary line', () => {
    expect(md([])).toBe('# Dossier notes\n\nExported on Mar 5, 2026 · no notes\n');
    expect(md([note('a')])).toContain('Exported on Mar 5, 2026 · 1 note\n');
  });

  it('marks only passages that were not found', () => {
    const out = md([note('a', { anchor: { status: 'fuzzy', checked: '2026-03-04T00:00:00.000Z' } }), note('b', { page: ARTICLE_2 })]);
    expect(out).not.toContain('⚠');
  });

  it('shows a date it cannot read as written', () => {
    const out = md([note('a', { page: { ...note('x').page, published: '2026-13-45' } })]);
    expect(out).toContain('news.example · published 2026-13-45\n');
  });
});
