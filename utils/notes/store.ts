/**
 * The notes store over the database: the only code that reads or writes notes.
 *
 * A write resolves only after its transaction has completed with `strict` durability
 * (flushed to disk), so an acknowledged note is a saved note. Failures become
 * `NotesError`s with a reason the UI can explain; the caller keeps the draft.
 */
import { unwrap, type IDBPDatabase } from 'idb';
import { openNotesDb, type NotesSchema, type OpenOptions } from './db';
import { pageKeysFor } from './page-url';
import type { AnchorStatus, NoteDraft, NoteRecord } from './types';

export type NotesErrorReason = 'quota' | 'closed' | 'not-found' | 'failed';

export class NotesError extends Error {
  constructor(
    readonly reason: NotesErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'NotesError';
  }
}

export function toNotesError(err: unknown): NotesError {
  if (err instanceof NotesError) return err;
  const name = (err as { name?: string })?.name ?? '';
  const message = (err as { message?: string })?.message ?? String(err);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) return new NotesError('quota', message);
  if (name === 'InvalidStateError' || /closing|closed/i.test(message)) return new NotesError('closed', message);
  return new NotesError('failed', message);
}

export interface StoreOptions extends OpenOptions {
  now?: () => Date;
  uuid?: () => string;
}

export class NotesStore {
  private dbPromise: Promise<IDBPDatabase<NotesSchema>> | null = null;

  constructor(private readonly options: StoreOptions = {}) {}

  private db(): Promise<IDBPDatabase<NotesSchema>> {
    this.dbPromise ??= openNotesDb({ ...this.options, onClose: () => (this.dbPromise = null) });
    this.dbPromise.catch(() => (this.dbPromise = null));
    return this.dbPromise;
  }

  /** Runs an operation, reopening once if the connection was closed under us. */
  private async run<T>(op: (db: IDBPDatabase<NotesSchema>) => Promise<T>): Promise<T> {
    try {
      return await op(await this.db());
    } catch (err) {
      const e = toNotesError(err);
      if (e.reason !== 'closed') throw e;
      this.dbPromise = null;
      try {
        return await op(await this.db());
      } catch (again) {
        throw toNotesError(again);
      }
    }
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  /** Saves a new note; resolves once it is on disk. */
  async add(draft: NoteDraft): Promise<NoteRecord> {
    const at = this.now();
    const record: NoteRecord = {
      ...draft,
      id: this.options.uuid?.() ?? crypto.randomUUID(),
      created: at,
      updated: at,
      pageKeys: pageKeysFor(draft.page.visitedUrl, draft.page.url),
    };
    await this.put([record]);
    return record;
  }

  /** Writes records as they are (import, restore), in one transaction. */
  async put(records: NoteRecord[]): Promise<void> {
    await this.run(async (db) => {
      const tx = db.transaction('notes', 'readwrite', { durability: 'strict' });
      await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
    });
  }

  async get(id: string): Promise<NoteRecord | undefined> {
    return this.run((db) => db.get('notes', id));
  }

  /** The notes of a page, oldest first, found under any of its keys. */
  async forPage(keys: string[]): Promise<NoteRecord[]> {
    return this.run(async (db) => {
      const tx = db.transaction('notes');
      const index = tx.store.index('byPage');
      const seen = new Map<string, NoteRecord>();
      for (const key of keys) for (const r of await index.getAll(key)) seen.set(r.id, r);
      await tx.done;
      return [...seen.values()].sort((a, b) => a.created.localeCompare(b.created));
    });
  }

  /** Newest first. */
  async list(limit = Infinity): Promise<NoteRecord[]> {
    return this.run(async (db) => {
      const out: NoteRecord[] = [];
      let cursor = await db.transaction('notes').store.index('byCreated').openCursor(null, 'prev');
      while (cursor && out.length < limit) {
        out.push(cursor.value);
        cursor = await cursor.continue();
      }
      return out;
    });
  }

  /**
   * The newest notes, for a first screen: `getAllRecords` in one call where the browser has
   * it (Chromium 141+: several times faster than a cursor), else a cursor.
   */
  async newest(count: number): Promise<NoteRecord[]> {
    return this.run(async (db) => {
      const raw = unwrap(db.transaction('notes').store.index('byCreated')) as IDBIndex & { getAllRecords?: (o: object) => IDBRequest<{ value: NoteRecord }[]> };
      if (typeof raw.getAllRecords === 'function') {
        const req = raw.getAllRecords({ direction: 'prev', count });
        return new Promise<NoteRecord[]>((resolve, reject) => {
          req.onsuccess = () => resolve(req.result.map((r) => r.value));
          req.onerror = () => reject(req.error);
        });
      }
      return this.list(count);
    });
  }

  /**
   * Every note, newest first. Read in chunks by id, yielding between them (`pause`):
   * turning 10,000 stored records back into objects takes a few hundred milliseconds of
   * the page's own thread, which in one piece would freeze the popup's scrolling.
   */
  async all(pause?: () => Promise<void>, chunk = 500): Promise<NoteRecord[]> {
    const out: NoteRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      const part = await this.run((db) => db.getAll('notes', range, chunk));
      out.push(...part);
      if (part.length < chunk) break;
      after = part[part.length - 1]!.id;
      await pause?.();
    }
    return out.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
  }

  /**
   * Changes a note's text and tags (the rest of a note is what the page said: not
   * editable). Resolves with the record as written.
   */
  async edit(id: string, change: { note: string; tags: string[] }): Promise<NoteRecord> {
    return this.run(async (db) => {
      const tx = db.transaction('notes', 'readwrite', { durability: 'strict' });
      const r = await tx.store.get(id);
      if (!r) {
        await tx.done;
        throw new NotesError('not-found', `no note ${id}`);
      }
      const next: NoteRecord = { ...r, note: change.note, tags: change.tags, updated: this.now() };
      await Promise.all([tx.store.put(next), tx.done]);
      return next;
    });
  }

  /** Deletes notes; resolves with the records as they were, for "Undo" (`put` them back). */
  async remove(ids: string[]): Promise<NoteRecord[]> {
    return this.run(async (db) => {
      const tx = db.transaction('notes', 'readwrite', { durability: 'strict' });
      const found = (await Promise.all(ids.map((id) => tx.store.get(id)))).filter((r): r is NoteRecord => !!r);
      await Promise.all([...found.map((r) => tx.store.delete(r.id)), tx.done]);
      return found;
    });
  }

  /**
   * Merges imported notes by id, in one transaction, so that a failure (a full disk) leaves
   * the database as it was: a note not here is added; one here is replaced when the file's
   * copy was changed more recently, and otherwise skipped (ours is as new or newer).
   * Lookups and writes are issued without awaiting each other: IndexedDB runs them in
   * order inside the transaction, which keeps 10,000 notes well under a second.
   */
  async importNotes(records: NoteRecord[]): Promise<{ added: NoteRecord[]; updated: NoteRecord[]; unchanged: number }> {
    return this.run(async (db) => {
      const tx = db.transaction('notes', 'readwrite', { durability: 'strict' });
      // Which ids are here already: one request for every key, then a read only of the
      // records a note of the file may replace (none at all on a first import).
      const present = new Set(await tx.store.getAllKeys());
      const existing = await Promise.all(records.map((r) => (present.has(r.id) ? tx.store.get(r.id) : undefined)));
      const added: NoteRecord[] = [];
      const updated: NoteRecord[] = [];
      const writes: Promise<unknown>[] = [];
      records.forEach((r, i) => {
        const old = existing[i];
        if (old && old.updated >= r.updated) return;
        // Keep what this browser learnt about the passage since (the file's copy may be older).
        const next = old?.anchor && !r.anchor ? { ...r, anchor: old.anchor } : r;
        (old ? updated : added).push(next);
        writes.push(tx.store.put(next));
      });
      await Promise.all([...writes, tx.done]);
      return { added, updated, unchanged: records.length - added.length - updated.length };
    });
  }

  async count(): Promise<number> {
    return this.run((db) => db.count('notes'));
  }

  /** Records how looking for passages on their page went (never deletes anything). */
  async setAnchors(results: { id: string; status: AnchorStatus }[]): Promise<void> {
    const checked = this.now();
    await this.run(async (db) => {
      const tx = db.transaction('notes', 'readwrite', { durability: 'strict' });
      for (const { id, status } of results) {
        const r = await tx.store.get(id);
        if (r) await tx.store.put({ ...r, anchor: { status, checked } });
      }
      await tx.done;
    });
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return this.run((db) => db.get('meta', key) as Promise<T | undefined>);
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.run(async (db) => {
      const tx = db.transaction('meta', 'readwrite', { durability: 'strict' });
      await Promise.all([tx.store.put(value, key), tx.done]);
    });
  }

  close(): void {
    void this.dbPromise?.then((db) => db.close());
    this.dbPromise = null;
  }
}
