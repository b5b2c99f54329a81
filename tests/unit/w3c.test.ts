import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pageKeysFor } from '../../utils/notes/page-url';
import { LIMITS, type NoteRecord } from '../../utils/notes/types';
import { MAX_IMPORT_ANNOTATIONS, MAX_IMPORT_CHARS, parseAnnotations, toAnnotationCollection, uuidFromName, type ImportParse } from '../../utils/notes/w3c';

const NOW = '2026-03-05T12:00:00.000Z';
const SOURCES: Record<string, string> = { ca: 'http://www.wikidata.org/entity/Q16', cn: 'https://en.wikipedia.org/wiki/China' };
const BY_SOURCE = new Map(Object.entries(SOURCES).map(([id, source]) => [source, id]));
const EXPORT = { entitySource: (id: string) => SOURCES[id], generated: NOW, generator: { name: 'Dossier', version: '0.1.0' } };
const IMPORT = { entityFromSource: (source: string) => BY_SOURCE.get(source), now: NOW };

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const exported = (notes: NoteRecord[]) => JSON.stringify(toAnnotationCollection(notes, EXPORT));
const parse = (value: unknown) => parseAnnotations(typeof value === 'string' ? value : JSON.stringify(value), IMPORT);

/** The import, asserted to have worked (the type narrowed for the test). */
async function imported(value: unknown): Promise<Extract<ImportParse, { ok: true }>> {
  const r = await parse(value);
  if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r.problem)}`);
  return r;
}

function record(overrides: Partial<NoteRecord> = {}): NoteRecord {
  const base: NoteRecord = {
    id: uuid(1),
    page: { url: 'https://news.example/world/article-1', visitedUrl: 'https://news.example/world/article-1?utm_source=feed', title: 'Title', site: 'news.example', lang: 'en', published: '2026-03-01' },
    quote: { exact: 'Canada will share more cyber threat intelligence', prefix: 'OTTAWA — ', suffix: ' with Japan' },
    position: { start: 10, end: 58 },
    entities: ['ca'],
    note: 'Check the date',
    tags: ['cyber'],
    created: '2026-03-02T10:00:00.000Z',
    updated: '2026-03-03T10:00:00.000Z',
    pageKeys: [],
    ...overrides,
  };
  return { ...base, pageKeys: pageKeysFor(base.page.visitedUrl, base.page.url) };
}

const QUOTES = [
  'Canada will share more cyber threat intelligence',
  'قالت الحكومة إنها ستدرس الاقتراح',
  'הממשלה אמרה שהיא תבחן את ההצעה',
  'Le « pacte » a été signé à Bruxelles — enfin.',
  'First paragraph.\nSecond paragraph,\r\nthird after CRLF.\n\n  indented',
  'He said "no" and left \\ a backslash and a tab\there',
  '東京で会談が行われた 🇯🇵 and 👩🏽‍💻 emoji',
  '#1. > - * + not markdown here',
];
const NOTES = ['', 'short', 'Line one\n\nLine three', '   ', 'ملاحظة بالعربية', '"quoted" and \\escaped\\', 'x'.repeat(LIMITS.note)];
const TAGS = [[], ['cyber'], ['china', 'cyber', 'défense'], ['日本', 'with space'], Array.from({ length: LIMITS.tags }, (_, k) => `t${k}`)];
const ENTITIES = [[], ['ca'], ['cn', 'ca'], ['us-congress', 'cn', 'ca']];

/** Notes that cover the odd cases: every combination shows up within a few hundred. */
function generated(i: number): NoteRecord {
  const article = i % 37;
  const canonical =
    i % 5 === 0
      ? `https://other-site.example/a/${article}` // another site: not a page key
      : i % 5 === 1
        ? `https://www.news.example/canonical/${article}`
        : `https://news.example/a/${article}`;
  const quote = QUOTES[i % QUOTES.length]!;
  const created = new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString();
  return record({
    id: uuid(i),
    page: {
      url: canonical,
      visitedUrl: `https://news.example/a/${article}${i % 3 === 0 ? '?utm_source=x&id=3' : ''}`,
      title: ['', `Article [${article}]`, 'عنوان المقال', 'Titre « ouvert »'][i % 4]!,
      site: i % 11 === 0 ? '' : 'news.example',
      lang: ['en', 'fr', 'ar', 'he', ''][i % 5]!,
      ...(i % 2 === 0 ? { published: `2025-0${(i % 9) + 1}-1${i % 10}` } : {}),
    },
    quote: { exact: quote, prefix: i % 4 === 0 ? '' : 'x'.repeat(LIMITS.context - 2) + '🙂', suffix: i % 6 === 0 ? '' : '🙂 after the passage, 32 long.'.slice(0, LIMITS.context) },
    position: i % 7 === 0 ? { start: 0, end: 0 } : { start: i * 100, end: i * 100 + quote.length },
    entities: ENTITIES[i % ENTITIES.length]!,
    note: NOTES[i % NOTES.length]!,
    tags: TAGS[i % TAGS.length]!,
    created,
    updated: i % 3 === 0 ? created : new Date(Date.UTC(2025, 6, 1) + i * 1000).toISOString(),
    ...(i % 4 === 1 ? { anchor: { status: (['found', 'fuzzy', 'orphan'] as const)[i % 3]!, checked: '2026-01-02T03:04:05.678Z' } } : {}),
  });
}

/** A Hypothesis-like W3C annotation (their export puts target and selectors in arrays). */
function hypothesis(id = 'https://hypothes.is/a/XYZ') {
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'Annotation',
    id,
    created: '2024-11-02T08:15:30.123456+00:00',
    modified: '2024-11-03T09:00:00+00:00',
    creator: 'acct:someone@hypothes.is',
    body: [
      { type: 'TextualBody', value: 'A **Markdown** comment', format: 'text/markdown', language: 'en-GB' },
      { type: 'TextualBody', purpose: 'tagging', value: '  elections ' },
      { type: 'TextualBody', purpose: 'tagging', value: 'elections' },
      { type: 'TextualBody', purpose: 'tagging', value: 'Quebec' },
    ],
    target: [
      {
        source: 'https://www.example.ca/news/story?id=4',
        selector: [
          { type: 'RangeSelector', startSelector: { type: 'XPathSelector', value: '/main[1]/p[3]' }, endSelector: { type: 'XPathSelector', value: '/main[1]/p[3]' } },
          { type: 'TextPositionSelector', start: 1200, end: 1245 },
          { type: 'TextQuoteSelector', exact: 'the riding changed hands for the first time', prefix: 'a'.repeat(60) + 'In Outremont, ', suffix: ' since 1988, when the Liberals' + 'b'.repeat(60) },
        ],
      },
    ],
  };
}

describe('W3C export', () => {
  it('writes an AnnotationCollection with every field of a note', () => {
    const n = record({ entities: ['ca', 'zz'], tags: ['cyber', 'japan'], anchor: { status: 'orphan', checked: '2026-03-04T00:00:00.000Z' } });
    const c = toAnnotationCollection([n], EXPORT);
    expect(c).toMatchObject({
      '@context': ['http://www.w3.org/ns/anno.jsonld', { dossier: 'urn:dossier:' }],
      type: 'AnnotationCollection',
      label: 'Dossier notes',
      total: 1,
      generated: NOW,
      generator: { type: 'Software', name: 'Dossier', 'dossier:version': '0.1.0' },
      first: { type: 'AnnotationPage', startIndex: 0 },
    });
    expect(c.first.items).toEqual([
      {
        id: `urn:uuid:${uuid(1)}`,
        type: 'Annotation',
        created: '2026-03-02T10:00:00.000Z',
        modified: '2026-03-03T10:00:00.000Z',
        motivation: 'commenting',
        body: [
          { type: 'TextualBody', purpose: 'commenting', value: 'Check the date', format: 'text/plain', language: 'en' },
          { type: 'TextualBody', purpose: 'tagging', value: 'cyber' },
          { type: 'TextualBody', purpose: 'tagging', value: 'japan' },
          { type: 'SpecificResource', purpose: 'identifying', id: 'urn:dossier:entity:ca', source: 'http://www.wikidata.org/entity/Q16' },
          { type: 'SpecificResource', purpose: 'identifying', id: 'urn:dossier:entity:zz', source: 'urn:dossier:entity:zz' },
        ],
        target: {
          type: 'SpecificResource',
          source: 'https://news.example/world/article-1',
          selector: [
            { type: 'TextQuoteSelector', exact: 'Canada will share more cyber threat intelligence', prefix: 'OTTAWA — ', suffix: ' with Japan' },
            { type: 'TextPositionSelector', start: 10, end: 58 },
          ],
          'dossier:page': { title: 'Title', site: 'news.example', language: 'en', published: '2026-03-01', visited: 'https://news.example/world/article-1?utm_source=feed' },
          'dossier:anchor': { status: 'orphan', checked: '2026-03-04T00:00:00.000Z' },
        },
      },
    ]);
  });

  it('marks a passage without a note as a highlight, and leaves out an empty body', () => {
    const [a] = toAnnotationCollection([record({ note: '', tags: [], entities: [], page: { ...record().page, published: undefined } })], EXPORT).first.items;
    expect(a!.motivation).toBe('highlighting');
    expect(a).not.toHaveProperty('body');
    expect(a!.target).not.toHaveProperty('dossier:anchor');
    expect((a!.target as { 'dossier:page': object })['dossier:page']).not.toHaveProperty('published');
  });
});

describe('W3C round trip', () => {
  it('gives back exactly the notes it was given (300 notes, odd cases included)', async () => {
    const notes = Array.from({ length: 300 }, (_, i) => generated(i));
    // The generator really does produce the cases it is meant to.
    expect(notes.some((n) => n.note === '' && n.tags.length === 0 && n.entities.length === 0)).toBe(true);
    expect(notes.some((n) => n.anchor?.status === 'orphan' && !n.page.published)).toBe(true);
    expect(notes.some((n) => n.pageKeys.length === 2)).toBe(true);
    expect(notes.some((n) => n.note.length === LIMITS.note && n.tags.length === LIMITS.tags)).toBe(true);
    const r = await imported(exported(notes));
    expect(r.skipped).toEqual([]);
    expect(r.total).toBe(300);
    expect(r.notes).toStrictEqual(notes);
  });

  it('also from a pretty-printed file with a byte-order mark', async () => {
    const notes = [generated(4), generated(5)];
    const r = await imported('\uFEFF' + JSON.stringify(toAnnotationCollection(notes, EXPORT), null, 2));
    expect(r.notes).toStrictEqual(notes);
  });
});

describe('W3C import from other tools', () => {
  it('reads a Hypothesis-style annotation, with the same id every time', async () => {
    const r = await imported(hypothesis());
    expect(r.total).toBe(1);
    expect(r.skipped).toEqual([]);
    const [n] = r.notes;
    expect(n).toStrictEqual({
      id: n!.id,
      page: { url: 'https://www.example.ca/news/story?id=4', visitedUrl: 'https://www.example.ca/news/story?id=4', title: '', site: 'example.ca', lang: 'en-GB' },
      quote: { exact: 'the riding changed hands for the first time', prefix: ('a'.repeat(60) + 'In Outremont, ').slice(-32), suffix: ' since 1988, when the Liberalsbb' },
      position: { start: 1200, end: 1245 },
      entities: [],
      note: 'A **Markdown** comment',
      tags: ['elections', 'Quebec'],
      created: '2024-11-02T08:15:30.123Z',
      updated: '2024-11-03T09:00:00.000Z',
      pageKeys: ['example.ca/news/story?id=4'],
    });
    expect(n!.quote.prefix).toHaveLength(LIMITS.context);
    // A version-8 UUID made from the SHA-256 of the id.
    expect(n!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const hash = createHash('sha256').update('https://hypothes.is/a/XYZ').digest('hex');
    expect(n!.id.replace(/-/g, '').slice(0, 12)).toBe(hash.slice(0, 12));
    expect((await imported(hypothesis())).notes[0]!.id).toBe(n!.id);
    expect((await imported(hypothesis('https://hypothes.is/a/XYZ2'))).notes[0]!.id).not.toBe(n!.id);
  });

  it('accepts a bare or upper-case UUID as the note id', async () => {
    const upper = uuid(7).toUpperCase();
    expect((await imported({ ...hypothesis(), id: upper })).notes[0]!.id).toBe(uuid(7));
    expect((await imported({ ...hypothesis(), id: `urn:uuid:${upper}` })).notes[0]!.id).toBe(uuid(7));
  });

  it('derives a stable id for an annotation without one, from its passage and time', async () => {
    const { id: _, ...anonymous } = hypothesis();
    const first = (await imported(anonymous)).notes[0]!.id;
    expect((await imported(anonymous)).notes[0]!.id).toBe(first);
    expect((await imported({ ...anonymous, created: '2024-11-02T08:15:31Z' })).notes[0]!.id).not.toBe(first);
    expect(first).not.toBe((await imported(hypothesis())).notes[0]!.id);
  });

  it('finds a quote refining another selector, but no page offsets there', async () => {
    const r = await imported({
      type: 'Annotation',
      id: 'https://annotations.example/1',
      target: {
        source: 'https://example.org/page',
        selector: {
          type: 'FragmentSelector',
          value: 'para5',
          refinedBy: [
            { type: 'TextPositionSelector', start: 3, end: 9 }, // within the fragment, not the page
            { type: 'TextQuoteSelector', exact: 'within the paragraph' },
          ],
        },
      },
    });
    expect(r.notes[0]).toMatchObject({ quote: { exact: 'within the paragraph', prefix: '', suffix: '' }, position: { start: 0, end: 0 } });
  });

  it('understands oa: prefixed types, @id and @type, and sources given as objects', async () => {
    const r = await imported({
      '@type': 'oa:Annotation',
      '@id': 'urn:uuid:' + uuid(42),
      motivation: 'oa:commenting',
      body: { '@type': 'oa:TextualBody', value: 'Prefixed', purpose: 'oa:describing' },
      target: { source: { id: 'https://example.org/prefixed' }, selector: { '@type': 'oa:TextQuoteSelector', exact: 'typed with a prefix' } },
    });
    expect(r.notes[0]).toMatchObject({ id: uuid(42), note: 'Prefixed', quote: { exact: 'typed with a prefix' }, page: { url: 'https://example.org/prefixed', site: 'example.org' } });
    const full = await imported({
      type: 'http://www.w3.org/ns/oa#Annotation',
      target: { source: { '@id': 'https://example.org/full' }, selector: { type: 'http://www.w3.org/ns/oa#TextQuoteSelector', exact: 'full IRIs' } },
    });
    expect(full.notes[0]!.page.url).toBe('https://example.org/full');
  });

  it('takes bodyValue, old `chars`, untyped bodies and several comments as the note', async () => {
    const target = { source: 'https://example.org/p', selector: { type: 'TextQuoteSelector', exact: 'passage' } };
    expect((await imported({ type: 'Annotation', bodyValue: 'Plain body value', target })).notes[0]!.note).toBe('Plain body value');
    const r = await imported({
      type: 'Annotation',
      bodyValue: 'First',
      body: [
        { type: 'TextualBody', chars: 'Second (old draft)' },
        { value: 'Third, untyped', purpose: 'replying' },
        { type: 'TextualBody', purpose: 'highlighting', value: 'not a note' },
        'https://example.org/just-a-link',
      ],
      target,
    });
    expect(r.notes[0]!.note).toBe('First\n\nSecond (old draft)\n\nThird, untyped');
    // With `motivation: tagging`, bodies without a purpose are tags.
    const tagged = await imported({ type: 'Annotation', motivation: 'tagging', body: [{ type: 'TextualBody', value: 'history' }], target });
    expect(tagged.notes[0]).toMatchObject({ note: '', tags: ['history'] });
  });

  it('links entities Dossier knows, and ignores the rest', async () => {
    const r = await imported({
      type: 'Annotation',
      body: [
        { type: 'SpecificResource', purpose: 'identifying', source: 'http://www.wikidata.org/entity/Q16' },
        { type: 'SpecificResource', purpose: 'classifying', source: { id: 'https://en.wikipedia.org/wiki/China' } },
        { type: 'SpecificResource', purpose: 'identifying', source: 'http://www.wikidata.org/entity/Q99999999' },
        { type: 'SpecificResource', purpose: 'identifying', id: 'urn:dossier:entity:us-congress' },
        { type: 'SpecificResource', purpose: 'identifying', id: 'urn:dossier:entity:Not An Id' },
        { type: 'SpecificResource', purpose: 'identifying', id: 'urn:dossier:entity:ca' }, // twice
        'urn:dossier:entity:nato',
        { type: 'SpecificResource', purpose: 'linking', source: 'http://www.wikidata.org/entity/Q16' },
      ],
      target: { source: 'https://example.org/p', selector: { type: 'TextQuoteSelector', exact: 'passage' } },
    });
    expect(r.notes[0]!.entities).toEqual(['ca', 'cn', 'us-congress', 'nato']);
  });

  it('keeps tags within the limits: trimmed, distinct, short, not too many', async () => {
    const tags = ['  a  ', 'a', '', '   ', 'x'.repeat(100), ...Array.from({ length: 40 }, (_, k) => `tag${k}`)];
    const r = await imported({
      type: 'Annotation',
      body: tags.map((value) => ({ type: 'TextualBody', purpose: 'tagging', value })),
      target: { source: 'https://example.org/p', selector: { type: 'TextQuoteSelector', exact: 'passage' } },
    });
    const got = r.notes[0]!.tags;
    expect(got).toHaveLength(LIMITS.tags);
    expect(got.slice(0, 3)).toEqual(['a', 'x'.repeat(LIMITS.tag), 'tag0']);
  });

  it('cuts long context on the side away from the passage, never inside a character', async () => {
    const r = await imported({
      type: 'Annotation',
      target: { source: 'https://example.org/p', selector: { type: 'TextQuoteSelector', exact: 'passage', prefix: '🙂' + 'p'.repeat(31), suffix: 's'.repeat(31) + '🙂' } },
    });
    // The emoji is two UTF-16 units; half of one would be a broken character.
    expect(r.notes[0]!.quote).toEqual({ exact: 'passage', prefix: 'p'.repeat(31), suffix: 's'.repeat(31) });
  });

  it('fills in what other tools do not say: dates, site, title, language', async () => {
    const r = await imported({
      type: 'Annotation',
      created: 'yesterday',
      body: { type: 'TextualBody', value: 'n', language: 'not a language tag!' },
      target: {
        source: 'HTTPS://WWW.Example.org/Path',
        selector: [
          { type: 'TextQuoteSelector', exact: 'passage' },
          { type: 'TextPositionSelector', start: 9, end: 3 },
        ],
        'dossier:page': { visited: 'ftp://example.org/', published: 'March 2024', title: 't'.repeat(600) },
        'dossier:anchor': { status: 'lost', checked: NOW },
      },
    });
    const n = r.notes[0]!;
    expect(n.created).toBe(NOW);
    expect(n.updated).toBe(NOW);
    expect(n.page).toStrictEqual({ url: 'https://www.example.org/Path', visitedUrl: 'https://www.example.org/Path', title: 't'.repeat(LIMITS.title), site: 'example.org', lang: '' });
    expect(n.position).toEqual({ start: 0, end: 0 });
    expect(n).not.toHaveProperty('anchor');
    // Only modified known: it is the best guess for creation too.
    const m = await imported({ type: 'Annotation', modified: '2024-01-01T00:00:00Z', target: { source: 'https://example.org/p', selector: { type: 'TextQuoteSelector', exact: 'passage' } } });
    expect(m.notes[0]).toMatchObject({ created: '2024-01-01T00:00:00.000Z', updated: '2024-01-01T00:00:00.000Z' });
  });
});

describe('W3C import: file shapes', () => {
  const ann = (i: number) => ({ type: 'Annotation', id: `urn:uuid:${uuid(i)}`, target: { source: `https://example.org/${i}`, selector: { type: 'TextQuoteSelector', exact: `passage ${i}` } } });
  const ids = (r: Extract<ImportParse, { ok: true }>) => r.notes.map((n) => n.id);

  it('reads collections, pages, lists and single annotations', async () => {
    expect(ids(await imported(ann(1)))).toEqual([uuid(1)]);
    expect(ids(await imported([ann(1), ann(2)]))).toEqual([uuid(1), uuid(2)]);
    expect(ids(await imported({ type: 'AnnotationPage', items: [ann(1), ann(2)] }))).toEqual([uuid(1), uuid(2)]);
    expect(ids(await imported({ type: 'AnnotationCollection', items: [ann(3)] }))).toEqual([uuid(3)]);
    expect(ids(await imported({ type: 'AnnotationCollection', first: { type: 'AnnotationPage', items: [ann(1)], next: { type: 'AnnotationPage', items: [ann(2)], next: { items: [ann(3)] } } } }))).toEqual([
      uuid(1),
      uuid(2),
      uuid(3),
    ]);
    expect(ids(await imported({ type: 'AnnotationCollection', first: [{ type: 'AnnotationPage', items: [ann(1)] }, { type: 'AnnotationPage', items: [ann(2)] }] }))).toEqual([uuid(1), uuid(2)]);
  });

  it('says when a file holds no annotations at all', async () => {
    for (const value of [{}, { type: 'AnnotationCollection' }, { type: 'AnnotationCollection', first: 'https://example.org/page1' }, [], [1, 2], '"text"', null, 42, { items: [{ a: 1 }] }]) {
      expect(await parse(value), JSON.stringify(value)).toEqual({ ok: false, problem: { code: 'not-annotations' } });
    }
  });

  it('says when a file is empty', async () => {
    for (const text of ['', '   \n\t', '\uFEFF']) expect(await parse(text)).toEqual({ ok: false, problem: { code: 'empty' } });
  });

  it('says when a file is not JSON, with the parser’s words', async () => {
    for (const text of ['not json at all', '{"a": 1,} ', '[1, 2,]', '{"a": 1}}', "{'single': 'quotes'}", '<?xml version="1.0"?><annotations/>']) {
      const r = await parse(text);
      expect(r, text).toMatchObject({ ok: false, problem: { code: 'not-json' } });
      if (!r.ok) expect(r.problem.detail, text).toMatch(/\w/);
    }
  });

  it('recognises a file cut short, wherever it was cut', async () => {
    const full = JSON.stringify(toAnnotationCollection([generated(1), generated(2), generated(3)], EXPORT), null, 2);
    const codes = new Map<string, number>();
    for (let cut = 1; cut < full.length - 1; cut += 7) {
      const r = await parse(full.slice(0, cut));
      expect(r.ok, `cut at ${cut}`).toBe(false);
      if (!r.ok) codes.set(r.problem.code, (codes.get(r.problem.code) ?? 0) + 1);
    }
    expect([...codes.keys()].every((code) => code === 'truncated' || code === 'not-json')).toBe(true);
    // In Node every cut is recognised as one; the rule allows "not-json" for odd parsers only.
    expect(codes.get('not-json') ?? 0).toBe(0);
  });

  it('refuses files too large to be notes', async () => {
    expect(await parse(' '.repeat(MAX_IMPORT_CHARS + 1))).toMatchObject({ ok: false, problem: { code: 'too-large' } });
    const many = `[${Array(MAX_IMPORT_ANNOTATIONS + 1).fill('{"type":"Annotation"}').join(',')}]`;
    expect(await parse(many)).toMatchObject({ ok: false, problem: { code: 'too-large' } });
  });
});

describe('W3C import: annotations that cannot be used', () => {
  const good = (i: number) => ({ type: 'Annotation', id: `urn:uuid:${uuid(i)}`, target: { source: 'https://example.org/p', selector: { type: 'TextQuoteSelector', exact: `passage ${i}` } } });

  it('skips each with its reason and keeps the others', async () => {
    const r = await imported([
      good(1),
      { type: 'Annotation', target: { source: 'https://example.org/p', selector: { type: 'TextPositionSelector', start: 1, end: 5 } } },
      { type: 'Annotation', target: 'https://example.org/whole-page' },
      { type: 'Annotation', target: { source: 'ftp://example.org/file.txt', selector: { type: 'TextQuoteSelector', exact: 'a file' } } },
      { type: 'Annotation', target: { source: 'urn:isbn:9780000000000', selector: { type: 'TextQuoteSelector', exact: 'a book' } } },
      { type: 'Annotation', target: { source: 'https://example.org/p', selector: { type: 'TextQuoteSelector', exact: 'x'.repeat(LIMITS.quote + 1) } } },
      { type: 'Annotation', bodyValue: 'n'.repeat(LIMITS.note + 1), target: good(9).target },
      { type: 'Annotation', target: { source: { id: 5 }, selector: 7 }, body: [null, 3, { purpose: 12 }] },
      'https://example.org/annotations/elsewhere',
      good(2),
    ]);
    expect(r.total).toBe(10);
    expect(r.notes.map((n) => n.quote.exact)).toEqual(['passage 1', 'passage 2']);
    expect(r.skipped.map(({ index, reason }) => [index, reason])).toEqual([
      [1, 'no-quote'],
      [2, 'no-quote'],
      [3, 'no-source'],
      [4, 'no-source'],
      [5, 'invalid'],
      [6, 'invalid'],
      [7, 'no-quote'],
      [8, 'invalid'],
    ]);
    expect(r.skipped[4]!.detail).toContain(String(LIMITS.quote));
    expect(r.skipped[5]!.detail).toMatch(/^note: /);
  });

  it('is still a success when nothing in the file could be used', async () => {
    const r = await imported([{ type: 'Annotation', target: 'https://example.org/' }]);
    expect(r).toEqual({ ok: true, notes: [], skipped: [{ index: 0, reason: 'no-quote' }], total: 1 });
  });

  it('keeps the latest edit of a note found twice in the file', async () => {
    const at = (i: number, modified: string, note: string) => ({ ...good(i), modified, bodyValue: note });
    const r = await imported([at(1, '2025-01-01T00:00:00Z', 'old'), good(2), at(1, '2025-02-01T00:00:00Z', 'new'), at(1, '2025-01-15T00:00:00Z', 'middle')]);
    expect(r.notes.map((n) => [n.id, n.note])).toEqual([
      [uuid(2), ''],
      [uuid(1), 'new'],
    ]);
    expect(r.skipped.map(({ index, reason }) => [index, reason])).toEqual([
      [0, 'duplicate-in-file'],
      [3, 'duplicate-in-file'],
    ]);
    // Equally new: the first one stays.
    const tie = await imported([at(1, '2025-01-01T00:00:00Z', 'first'), at(1, '2025-01-01T00:00:00Z', 'second')]);
    expect(tie.notes.map((n) => n.note)).toEqual(['first']);
    expect(tie.skipped).toMatchObject([{ index: 1, reason: 'duplicate-in-file' }]);
    // Foreign ids are compared after hashing, so they are caught too.
    const foreign = await imported([hypothesis(), hypothesis()]);
    expect(foreign.notes).toHaveLength(1);
  });
});

describe('W3C import: size', () => {
  it('reads 10,000 annotations', async () => {
    // Notes of everyday length (the generator's longest notes would make this a test of JSON.parse).
    const notes = Array.from({ length: 10_000 }, (_, i) => ({ ...generated(i), note: generated(i).note.slice(0, 280) }));
    const text = exported(notes);
    const start = performance.now();
    const r = await imported(text);
    console.log(`10,000 annotations (${(text.length / 1e6).toFixed(1)} M characters) parsed in ${(performance.now() - start).toFixed(0)} ms`);
    expect(r.notes).toHaveLength(10_000);
    expect(r.notes[9_999]).toStrictEqual(notes[9_999]);

    const foreign = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => hypothesis(`https://hypothes.is/a/${i}`)));
    const t2 = performance.now();
    const f = await imported(foreign);
    console.log(`10,000 Hypothesis-style annotations (ids hashed) parsed in ${(performance.now() - t2).toFixed(0)} ms`);
    expect(new Set(f.notes.map((n) => n.id)).size).toBe(10_000);
  });
});

describe('uuidFromName', () => {
  it('is an RFC 9562 version-8 UUID from SHA-256', async () => {
    const hash = createHash('sha256').update('abc').digest();
    hash[6] = (hash[6]! & 0x0f) | 0x80;
    hash[8] = (hash[8]! & 0x3f) | 0x80;
    const hex = hash.subarray(0, 16).toString('hex');
    expect(await uuidFromName('abc')).toBe(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
  });
});
