/**
 * The notes database (IndexedDB through idb). Owned by extension contexts only: the
 * background, the popup and the options page open it; content scripts never do.
 *
 * Schema changes are additive migrations, one per version, applied in order from
 * whatever version a reader's database is at, inside the upgrade transaction, so a
 * database from any earlier version upgrades with its data intact (tests/unit/notes-db.test.ts
 * builds each earlier version with real data and upgrades it).
 *
 * Several contexts may hold the database open: a connection that blocks an upgrade
 * (`blocking`) closes itself and is reopened on next use, and one that is blocked waits
 * (`blocked`, reported to the caller) until the older connection closes.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { NoteRecord } from './types';

export const DB_NAME = 'dossier';

export interface NotesSchema extends DBSchema {
  notes: {
    key: string;
    value: NoteRecord;
    indexes: { byPage: string; byCreated: string; byEntity: string; byTag: string };
  };
  meta: { key: string; value: unknown };
}

type UpgradeTx = IDBPTransaction<NotesSchema, StoreNames<NotesSchema>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<NotesSchema>, tx: UpgradeTx) => void | Promise<void>;

/**
 * migrations[n] brings a database from version n to n + 1. Never edit one that has
 * shipped: add the next.
 */
export const MIGRATIONS: Migration[] = [
  // 0 → 1: notes, findable by page and by time.
  (db) => {
    const notes = db.createObjectStore('notes', { keyPath: 'id' });
    notes.createIndex('byPage', 'pageKeys', { multiEntry: true });
    notes.createIndex('byCreated', 'created');
  },
  // 1 → 2: by entity and by tag (multi-entry), and a small key-value store (last export...).
  (db, tx) => {
    const notes = tx.objectStore('notes');
    notes.createIndex('byEntity', 'entities', { multiEntry: true });
    notes.createIndex('byTag', 'tags', { multiEntry: true });
    db.createObjectStore('meta');
  },
];

export const DB_VERSION = MIGRATIONS.length;

export interface OpenOptions {
  /** For tests: another IDBFactory (fake-indexeddb). */
  indexedDB?: IDBFactory;
  version?: number;
  /** Told when this connection closes itself for an upgrade or is closed by the browser. */
  onClose?: () => void;
  /**
   * Told when this open waits for an older connection that has not closed yet (a page
   * from before an update that missed `versionchange`). The open resumes by itself once it
   * closes; callers show "waiting" rather than failing.
   */
  onBlocked?: () => void;
}

export async function openNotesDb(options: OpenOptions = {}): Promise<IDBPDatabase<NotesSchema>> {
  const version = options.version ?? DB_VERSION;
  const factory = options.indexedDB;
  const restore = factory ? swapFactory(factory) : undefined;
  try {
    const db = await openDB<NotesSchema>(DB_NAME, version, {
      async upgrade(db, oldVersion, newVersion, tx) {
        for (let v = oldVersion; v < (newVersion ?? version); v++) await MIGRATIONS[v]!(db, tx);
      },
      blocked() {
        options.onBlocked?.();
      },
      blocking() {
        // A newer version (another extension page after an update) wants to upgrade.
        db.close();
        options.onClose?.();
      },
      terminated() {
        options.onClose?.();
      },
    });
    return db;
  } finally {
    restore?.();
  }
}

/** idb uses the global indexedDB; tests hand it a fake one for the duration of the open. */
function swapFactory(factory: IDBFactory): () => void {
  const g = globalThis as { indexedDB?: IDBFactory };
  const previous = g.indexedDB;
  g.indexedDB = factory;
  return () => {
    g.indexedDB = previous;
  };
}
