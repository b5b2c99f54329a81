import { describe, expect, it } from 'vitest';
import { NotesSearch, facetCounts } from '../../utils/notes/search';
import { textFragmentUrl } from '../../utils/notes/text-fragment';
import type { NoteRecord } from '../../utils/notes/types';

const NAMES: Record<string, string[]> = { ca: ['Canada'], cn: ['China', 'Chine'], csis: ['Canadian Security Intelligence Service', 'CSIS', 'SCRS'] };

function note(i: number, over: Partial<NoteRecord> = {}): NoteRecord {
  const created = new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    created,
    updated: created,
    page: { url: `https://news.example/a/${i % 7}`, visitedUrl: `https://news.example/a/${i % 7}`, title: `Story ${i % 7}`, site: i % 2 ? 'news.example' : 'other.example', lang: 'en' },
    quote: { exact: `passage ${i} about trade`, prefix: '', suffix: '' },
    position: { start: 0, end: 10 },
    entities: ['ca'],
    note: '',
    tags: [],
    pageKeys: [],
    ...over,
  };
}

function searchOver(notes: NoteRecord[]) {
  const s = new NotesSearch((id) => NAMES[id] ?? []);
  s.setNotes([...notes].sort((a, b) => b.created.localeCompare(a.created)));
  return s;
}

describe('searching notes', () => {
  const notes = [
    note(1, { note: 'Ottawa expels diplomats', tags: ['india'] }),
    note(2, { quote: { exact: 'The Québec government said it would appeal.', prefix: '', suffix: '' }, entities: ['ca', 'csis'] }),
    note(3, { note: 'Beijing responds', entities: ['cn'], tags: ['china', 'trade war'] }),
    note(4),
  ];

  for (const built of [false, true]) {
    describe(built ? 'with the full-text index' : 'before the index is built', () => {
      const prepare = async () => {
        const s = searchOver(notes);
        if (built) await s.build();
        expect(s.ready).toBe(built);
        return s;
      };
      const ids = (r: NoteRecord[]) => r.map((n) => Number(n.id.slice(-4)));

      it('matches every word, across quote, note, entity names and tags, ignoring accents and case', async () => {
        const s = await prepare();
        expect(ids(s.search('quebec government'))).toEqual([2]);
        expect(ids(s.search('OTTAWA diplomats'))).toEqual([1]);
        expect(ids(s.search('security intelligence'))).toEqual([2]); // an entity's name
        expect(ids(s.search('chine'))).toEqual([3]); // its French name
        expect(ids(s.search('india'))).toEqual([1]); // a tag
        expect(ids(s.search('ottawa beijing'))).toEqual([]);
      });

      it('finds words as they are typed (prefixes)', async () => {
        const s = await prepare();
        expect(ids(s.search('diplo'))).toEqual([1]);
      });

      it('filters by entity, site, tag and date, with or without a query', async () => {
        const s = await prepare();
        expect(ids(s.search('', { entity: 'csis' }))).toEqual([2]);
        expect(ids(s.search('', { site: 'news.example' }))).toEqual([3, 1]);
        expect(ids(s.search('', { tag: 'china' }))).toEqual([3]);
        expect(ids(s.search('', { since: note(3).created }))).toEqual([4, 3]);
        expect(ids(s.search('passage', { site: 'other.example' }))).toEqual(expect.arrayContaining([4]));
        expect(ids(s.search('passage', { site: 'other.example' }))).not.toContain(1);
      });

      it('follows edits, deletions and undo', async () => {
        const s = await prepare();
        s.upsert({ ...notes[3]!, note: 'sanctions announced' });
        expect(ids(s.search('sanctions'))).toEqual([4]);
        s.remove(notes[3]!.id);
        expect(ids(s.search('sanctions'))).toEqual([]);
        expect(ids(s.search(''))).toEqual([3, 2, 1]);
        s.upsert(notes[3]!);
        expect(ids(s.search(''))).toEqual([4, 3, 2, 1]);
      });
    });
  }

  it('forgives a small typo in a longer word once the index is built', async () => {
    const s = searchOver(notes);
    await s.build();
    expect(s.search('goverment').map((n) => n.id)).toEqual([notes[1]!.id]);
  });

  it('counts facets, most used first', () => {
    expect(facetCounts(notes, (n) => n.entities)).toEqual([['ca', 3], ['cn', 1], ['csis', 1]]);
  });

  it('searches 10,000 notes', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => note(i, { note: i % 100 === 0 ? 'rare marker word' : `note ${i}` }));
    const s = searchOver(many);
    await s.build();
    expect(s.search('rare marker')).toHaveLength(100);
    expect(s.search('rare marker', { site: 'other.example' })).toHaveLength(100); // every 100th is even
  });
});

describe('links to a passage', () => {
  const page = { url: 'https://news.example/story?id=4#comments', visitedUrl: 'https://news.example/story?id=4', title: 'T', site: 'news.example', lang: 'en' };

  it('quotes a short passage whole, with whole words of context, and escapes the syntax', () => {
    const url = textFragmentUrl({ page, quote: { exact: 'a well-known, costly plan', prefix: 'rliament heard that the minister had ', suffix: ' for the Arctic, officials said' } });
    expect(url).toBe('https://news.example/story?id=4#:~:text=the%20minister%20had-,a%20well%2Dknown%2C%20costly%20plan,-for%20the%20Arctic%2C');
  });

  it('quotes a long passage by its first and last words', () => {
    const exact = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three';
    const url = textFragmentUrl({ page, quote: { exact, prefix: '', suffix: '' } });
    expect(url).toBe('https://news.example/story?id=4#:~:text=one%20two%20three%20four%20five,nineteen%20twenty%20twenty%2Done%20twenty%2Dtwo%20twenty%2Dthree');
  });

  it('does not use context across a paragraph break', () => {
    const url = textFragmentUrl({ page, quote: { exact: 'New paragraph starts', prefix: 'end of the last one.\n', suffix: ' here and goes on' } });
    expect(url).toBe('https://news.example/story?id=4#:~:text=New%20paragraph%20starts,-here%20and%20goes');
  });
});
