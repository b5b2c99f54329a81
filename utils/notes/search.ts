/**
 * Searching and filtering saved notes (the popup's Notes view).
 *
 * Full text goes through MiniSearch over the quote, the note, the article's title and
 * site, the names of the entities in the passage and the tags: every word must match
 * (prefix matching for the word being typed, small typos forgiven in longer words), accents
 * and case ignored. Building the index for 10,000 notes takes a few hundred milliseconds,
 * so it is built in the background after the list is shown; until it is ready, a plain
 * substring scan over the same text answers (slower per query, same meaning for whole
 * words), so a reader who types at once still gets results.
 *
 * Filters (entity, site, tag, date) narrow either way. Without a query the notes keep
 * their order (newest first); with one, the best matches come first.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { NoteRecord } from './types';

export interface NoteFilters {
  entity?: string;
  site?: string;
  tag?: string;
  /** Only notes saved at or after this time (ISO). */
  since?: string;
}

/** Folds case and accents: "Québec" and "quebec" are one word to a reader searching. */
export function foldText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

interface Doc {
  id: string;
  quote: string;
  note: string;
  title: string;
  site: string;
  entities: string;
  tags: string;
}

const FIELDS = ['quote', 'note', 'title', 'site', 'entities', 'tags'] as const;

export class NotesSearch {
  private readonly byId = new Map<string, NoteRecord>();
  private ordered: NoteRecord[] = [];
  private mini: MiniSearch<Doc> | null = null;
  private building: Promise<void> | null = null;
  /** Folded text of each note, for the scan used until the index is built. */
  private haystacks = new Map<string, string>();

  /** @param entityNames every name an entity id should be found under (both languages). */
  constructor(private readonly entityNames: (id: string) => string[]) {}

  get ready(): boolean {
    return this.mini !== null;
  }

  /** Replaces the notes (newest first). The index is rebuilt by `build()`. */
  setNotes(notes: NoteRecord[]): void {
    this.ordered = notes;
    this.byId.clear();
    for (const n of notes) this.byId.set(n.id, n);
    this.haystacks = new Map();
    this.mini = null;
    this.building = null;
  }

  /** Keeps the index in step with an edit, a deletion or an undo without rebuilding it. */
  upsert(note: NoteRecord): void {
    const had = this.byId.has(note.id);
    this.byId.set(note.id, note);
    this.haystacks.delete(note.id);
    if (had) this.ordered = this.ordered.map((n) => (n.id === note.id ? note : n));
    else this.ordered = [...this.ordered, note].sort((a, b) => b.created.localeCompare(a.created));
    if (this.mini) {
      if (had) this.mini.discard(note.id);
      this.mini.add(this.doc(note));
    }
  }

  remove(id: string): void {
    if (!this.byId.delete(id)) return;
    this.haystacks.delete(id);
    this.ordered = this.ordered.filter((n) => n.id !== id);
    this.mini?.discard(id);
  }

  get notes(): readonly NoteRecord[] {
    return this.ordered;
  }

  /**
   * Builds the full-text index in chunks, yielding between them (`pause`), so the popup
   * stays responsive while it builds.
   */
  build(pause: () => Promise<void> = () => new Promise((r) => setTimeout(r, 0))): Promise<void> {
    if (this.building) return this.building;
    const notes = this.ordered;
    const run = async () => {
      const mini = new MiniSearch<Doc>({
        fields: [...FIELDS],
        storeFields: [],
        processTerm: (term) => foldText(term),
        searchOptions: {
          combineWith: 'AND',
          // A word being typed matches longer words once it has three letters; before that,
          // "s" or "co" would match nearly every note, slowly and uselessly.
          prefix: (term) => term.length >= 3,
          fuzzy: (term) => (term.length > 5 ? 0.2 : false),
          boost: { note: 2, entities: 2, tags: 2, title: 1.5 },
        },
      });
      // Chunks of a few milliseconds each, so typing and scrolling stay smooth meanwhile.
      for (let i = 0; i < notes.length; i += 250) {
        mini.addAll(notes.slice(i, i + 250).map((n) => this.doc(n)));
        if (i + 250 < notes.length) await pause();
        if (this.ordered !== notes) return; // replaced while building: a newer build follows
      }
      this.mini = mini;
    };
    this.building = run();
    return this.building;
  }

  /** The notes matching a query and filters, in display order. */
  search(query: string, filters: NoteFilters = {}): NoteRecord[] {
    const keep = filterOf(filters);
    const q = query.trim();
    if (!q) return keep ? this.ordered.filter(keep) : [...this.ordered];
    if (this.mini) {
      const hits: SearchResult[] = this.mini.search(q);
      const out: NoteRecord[] = [];
      for (const h of hits) {
        const n = this.byId.get(h.id as string);
        if (n && (!keep || keep(n))) out.push(n);
      }
      return out;
    }
    // Until the index is built: every word of the query as a substring, newest first.
    const words = foldText(q).split(/[\s\p{P}]+/u).filter(Boolean);
    return this.ordered.filter((n) => (!keep || keep(n)) && words.every((w) => this.haystack(n).includes(w)));
  }

  private haystack(n: NoteRecord): string {
    let h = this.haystacks.get(n.id);
    if (h === undefined) {
      const d = this.doc(n);
      h = foldText(FIELDS.map((f) => d[f]).join('\n'));
      this.haystacks.set(n.id, h);
    }
    return h;
  }

  private doc(n: NoteRecord): Doc {
    return {
      id: n.id,
      quote: n.quote.exact,
      note: n.note,
      title: n.page.title,
      site: n.page.site,
      entities: n.entities.flatMap((id) => this.entityNames(id)).join(' '),
      tags: n.tags.join(' '),
    };
  }
}

function filterOf(f: NoteFilters): ((n: NoteRecord) => boolean) | null {
  const tests: ((n: NoteRecord) => boolean)[] = [];
  if (f.entity) tests.push((n) => n.entities.includes(f.entity!));
  if (f.site) tests.push((n) => n.page.site === f.site);
  if (f.tag) tests.push((n) => n.tags.includes(f.tag!));
  if (f.since) tests.push((n) => n.created >= f.since!);
  if (!tests.length) return null;
  return (n) => tests.every((t) => t(n));
}

/** Distinct values of a field across notes, most used first (for the filter menus). */
export function facetCounts(notes: readonly NoteRecord[], values: (n: NoteRecord) => readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const n of notes) for (const v of values(n)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
