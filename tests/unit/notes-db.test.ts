import 'fake-indexeddb/auto'; // idb checks the IDB* globals
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, MIGRATIONS, openNotesDb } from '../../utils/notes/db';
import { NotesStore, toNotesError } from '../../utils/notes/store';
import type { NoteDraft, NoteRecord } from '../../utils/notes/types';

function draft(i: number): NoteDraft {
  return {
    page: { url: `https://news.example/a/${i % 50}`, visitedUrl: `https://news.example/a/${i % 50}?utm_source=x`, title: `Article ${i % 50}`, site: 'news.example', lang: 'en' },
    quote: { exact: `passage number ${i} about Canada`, prefix: 'before ', suffix: ' after' },
    position: { start: i * 10, end: i * 10 + 30 },
    entities: i % 3 === 0 ? ['ca', 'cn'] : ['ca'],
    note: i % 2 ? `note ${i}` : '',
    tags: i % 4 === 0 ? ['china', 'cyber'] : [],
  };
}

/** A record as version 1 wrote it (the fields have not changed since; only indexes were added). */
function recordV1(i: number): NoteRecord {
  return { ...draft(i), id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, created: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), updated: new Date(Date.UTC(2025, 0, 1)).toISOString(), pageKeys: [`news.example/a/${i % 50}`] };
}

describe('notes database', () => {
  it('has one migration per version', () => {
    expect(DB_VERSION).toBe(MIGRATIONS.length);
  });

  for (let from = 1; from < DB_VERSION; from++) {
    it(`upgrades a version-${from} database with 3,000 notes, data intact`, async () => {
      const indexedDB = new IDBFactory();
      const old = await openNotesDb({ indexedDB, version: from });
      const originals = Array.from({ length: 3000 }, (_, i) => recordV1(i));
      const tx = old.transaction('notes', 'readwrite');
      for (const r of originals) void tx.store.put(r);
      await tx.done;
      old.close();

      const store = new NotesStore({ indexedDB });
      expect(await store.count()).toBe(3000);
      expect(await store.get(originals[1234]!.id)).toEqual(originals[1234]);
      // The indexes added since work on the old data.
      const db = await openNotesDb({ indexedDB });
      expect(await db.countFromIndex('notes', 'byEntity', 'cn')).toBe(1000);
      expect(await db.countFromIndex('notes', 'byTag', 'cyber')).toBe(750);
      expect(db.objectStoreNames.contains('meta')).toBe(true);
      db.close();
      store.close();
    });
  }

  it('saves, finds a page under any of its URLs, and lists newest first', async () => {
    let t = 0;
    const store = new NotesStore({ indexedDB: new IDBFactory(), now: () => new Date(Date.UTC(2025, 5, 1, 0, 0, t++)) });
    const a = await store.add(draft(1));
    const b = await store.add({ ...draft(51), page: { ...draft(51).page, url: 'https://news.example/canonical/a-1' } });
    expect(a.pageKeys).toEqual(['news.example/a/1']);
    expect(b.pageKeys).toEqual(['news.example/a/1', 'news.example/canonical/a-1']);
    expect((await store.forPage(['news.example/canonical/a-1'])).map((r) => r.id)).toEqual([b.id]);
    expect((await store.forPage(['news.example/a/1', 'news.example/canonical/a-1'])).map((r) => r.id)).toEqual([a.id, b.id]);
    expect((await store.list()).map((r) => r.id)).toEqual([b.id, a.id]);
    await store.setAnchors([{ id: a.id, status: 'orphan' }]);
    expect((await store.get(a.id))!.anchor?.status).toBe('orphan');
    expect((await store.get(a.id))!.quote).toEqual(a.quote); // nothing else changed
  });

  it('reopens after another context closed the connection for an upgrade', async () => {
    const indexedDB = new IDBFactory();
    const store = new NotesStore({ indexedDB });
    await store.add(draft(1));
    store.close();
    expect(await store.count()).toBe(1);
  });

  it('an older connection steps aside when a newer version opens, and says so', async () => {
    const indexedDB = new IDBFactory();
    let closed = 0;
    const old = await openNotesDb({ indexedDB, version: 1, onClose: () => closed++ });
    const newer = await openNotesDb({ indexedDB }); // would hang if the old one held on
    expect(closed).toBe(1);
    expect(newer.version).toBe(DB_VERSION);
    expect(() => old.transaction('notes')).toThrow(); // closed: its owner reopens on next use
    newer.close();
  });

  it('waits, saying it is blocked, for a connection that does not step aside', async () => {
    const indexedDB = new IDBFactory();
    // A connection opened without our handlers, as a page from an older build might hold.
    const stubborn = await new Promise<IDBDatabase>((resolve) => {
      const req = indexedDB.open('dossier', 1);
      req.onupgradeneeded = () => MIGRATIONS[0]!(req.result as never, req.transaction as never);
      req.onsuccess = () => resolve(req.result);
    });
    let blocked = 0;
    const opening = openNotesDb({ indexedDB, onBlocked: () => blocked++ });
    await new Promise((r) => setTimeout(r, 20));
    expect(blocked).toBe(1);
    stubborn.close();
    const db = await opening;
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  it('edits a note and its tags, deletes and restores exactly', async () => {
    let clock = Date.UTC(2025, 5, 1);
    const store = new NotesStore({ indexedDB: new IDBFactory(), now: () => new Date((clock += 1000)) });
    const a = await store.add(draft(1));
    const edited = await store.edit(a.id, { note: 'new text', tags: ['x'] });
    expect(edited).toMatchObject({ note: 'new text', tags: ['x'], quote: a.quote, created: a.created });
    expect(edited.updated > a.updated).toBe(true);
    expect(await store.get(a.id)).toEqual(edited);
    await expect(store.edit('00000000-0000-4000-8000-000000000000', { note: '', tags: [] })).rejects.toMatchObject({ reason: 'not-found' });
    const removed = await store.remove([a.id, 'missing']);
    expect(removed).toEqual([edited]);
    expect(await store.count()).toBe(0);
    await store.put(removed); // Undo
    expect(await store.all()).toEqual([edited]);
  });

  it('merges an import by id: adds new notes, updates older ones, skips the rest', async () => {
    const store = new NotesStore({ indexedDB: new IDBFactory() });
    const mine = Array.from({ length: 3 }, (_, i) => recordV1(i));
    await store.put(mine);
    await store.setAnchors([{ id: mine[0]!.id, status: 'orphan' }]);
    const newer = { ...mine[0]!, note: 'edited elsewhere', updated: '2026-01-01T00:00:00.000Z' };
    const older = { ...mine[1]!, note: 'stale', updated: '2024-01-01T00:00:00.000Z' };
    const fresh = recordV1(99);
    const r = await store.importNotes([newer, older, mine[2]!, fresh]);
    expect(r.added.map((n) => n.id)).toEqual([fresh.id]);
    expect(r.updated.map((n) => n.id)).toEqual([newer.id]);
    expect(r.unchanged).toBe(2);
    expect((await store.get(newer.id))!.note).toBe('edited elsewhere');
    expect((await store.get(newer.id))!.anchor?.status).toBe('orphan'); // what this browser knows is kept
    expect((await store.get(older.id))!.note).toBe(mine[1]!.note);
    expect(await store.count()).toBe(4);
  });

  it('explains storage failures', () => {
    expect(toNotesError(Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' })).reason).toBe('quota');
    expect(toNotesError(Object.assign(new Error('The database connection is closing.'), { name: 'InvalidStateError' })).reason).toBe('closed');
    expect(toNotesError(new Error('boom')).reason).toBe('failed');
  });
});
