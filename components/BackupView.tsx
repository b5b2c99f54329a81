/**
 * The Backup view: export every note (W3C Web Annotation JSON-LD, or Markdown), import a
 * JSON-LD file (merged by id; a report of what was added, updated and skipped; nothing
 * changed when the file is malformed), and the state of the storage: protected from
 * eviction or not, how much is used, when the last export was.
 *
 * Choosing a file closes a browser-action popup (the file dialog takes focus), so in the
 * popup the import opens this view in a tab of its own.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { CardMap } from '../utils/kb/types';
import { toMarkdown } from '../utils/notes/markdown';
import type { NotesStore } from '../utils/notes/store';
import { parseAnnotations, toAnnotationCollection } from '../utils/notes/w3c';
import { entityFromSourceMap, entitySourceOf } from '../utils/notes/entity-links';
import { formatDate, useI18n } from './i18n-context';

export const LAST_EXPORT_KEY = 'lastExport';

export interface BackupViewProps {
  store: NotesStore;
  cards: CardMap | null;
  /** In the popup (import opens in a tab) or a tab of its own. */
  inPopup: boolean;
  notifyTabs: () => void;
  /** After an import or an export: the parent refreshes what it shows. */
  onChanged: () => void;
}

interface StorageState {
  persistent: boolean;
  usage?: number;
  lastExport?: string;
}

type Message = { kind: 'ok' | 'error'; lines: string[] };

export function BackupView({ store, cards, inPopup, notifyTabs, onChanged }: BackupViewProps) {
  const { t, lang } = useI18n();
  const [storage, setStorage] = useState<StorageState | null>(null);
  const [busy, setBusy] = useState(false);
  const [exportMessage, setExportMessage] = useState<Message | null>(null);
  const [importMessage, setImportMessage] = useState<Message | null>(null);

  const readStorage = async () => {
    const [persisted, unlimited, estimate, lastExport] = await Promise.all([
      navigator.storage?.persisted?.().catch(() => false) ?? false,
      browser.permissions.contains({ permissions: ['unlimitedStorage'] }).catch(() => false),
      navigator.storage?.estimate?.().catch(() => undefined),
      store.getMeta<string>(LAST_EXPORT_KEY).catch(() => undefined),
    ]);
    setStorage({ persistent: persisted || unlimited, usage: estimate?.usage, ...(lastExport && { lastExport }) });
  };
  useEffect(() => void readStorage(), []);

  const download = (text: string, type: string, name: string) => {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  const doExport = async (format: 'json' | 'md') => {
    setBusy(true);
    setExportMessage(null);
    try {
      const notes = await store.all();
      if (!notes.length) {
        setExportMessage({ kind: 'ok', lines: [t('backup.nothingToExport')] });
        return;
      }
      const now = new Date().toISOString();
      const day = now.slice(0, 10);
      const all = cards ?? {};
      if (format === 'json') {
        const doc = toAnnotationCollection(notes, { entitySource: (id) => entitySourceOf(all[id]), generated: now, generator: { name: 'Dossier', version: browser.runtime.getManifest().version } });
        download(JSON.stringify(doc, null, 1), 'application/ld+json', `dossier-notes-${day}.jsonld`);
      } else {
        const md = toMarkdown(notes, { t, lang, entityName: (id) => all[id]?.name[lang], generated: now });
        download(md, 'text/markdown', `dossier-notes-${day}.md`);
      }
      await store.setMeta(LAST_EXPORT_KEY, now);
      setExportMessage({ kind: 'ok', lines: [t('backup.exported', [notes.length.toLocaleString(lang)])] });
      await readStorage();
      onChanged();
    } catch (err) {
      setExportMessage({ kind: 'error', lines: [t('backup.problem.read', [String((err as Error).message ?? err)])] });
    } finally {
      setBusy(false);
    }
  };

  const doImport = async (file: File) => {
    setBusy(true);
    setImportMessage({ kind: 'ok', lines: [t('backup.importing')] });
    try {
      let text: string;
      try {
        text = await file.text();
      } catch (err) {
        setImportMessage({ kind: 'error', lines: [t('backup.problem.read', [String((err as Error).message ?? err)])] });
        return;
      }
      const start = performance.now();
      const parsed = await parseAnnotations(text, { entityFromSource: entityFromSourceMap(cards ?? {}), now: new Date().toISOString() });
      if (!parsed.ok) {
        const code = parsed.problem.code.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
        setImportMessage({ kind: 'error', lines: [t(`backup.problem.${code}`, [parsed.problem.detail ?? ''])] });
        return;
      }
      const parsedAt = performance.now();
      let result;
      try {
        result = await store.importNotes(parsed.notes);
      } catch (err) {
        setImportMessage({ kind: 'error', lines: [t('backup.problem.write', [String((err as Error).message ?? err)])] });
        return;
      }
      performance.measure('dossier:import', { start, end: performance.now(), detail: { notes: parsed.total, parseMs: parsedAt - start, writeMs: performance.now() - parsedAt } });
      const skippedBy = new Map<string, number>();
      for (const s of parsed.skipped) skippedBy.set(s.reason, (skippedBy.get(s.reason) ?? 0) + 1);
      const num = (n: number) => n.toLocaleString(lang);
      const lines = [t('backup.result', [num(result.added.length), num(result.updated.length), num(result.unchanged + parsed.skipped.length)])];
      if (result.unchanged) lines.push(t('backup.skipped.unchanged', [num(result.unchanged)]));
      for (const [reason, n] of skippedBy) lines.push(t(`backup.skipped.${reason.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`, [num(n)]));
      setImportMessage({ kind: 'ok', lines });
      if (result.added.length || result.updated.length) {
        notifyTabs();
        onChanged();
      }
      await readStorage();
    } finally {
      setBusy(false);
    }
  };

  const openInTab = () => void browser.tabs.create({ url: browser.runtime.getURL('/popup.html?view=backup&full=1' as '/') });

  return (
    <div class="backup-view">
      <section aria-labelledby="export-h">
        <h2 id="export-h">{t('backup.export')}</h2>
        <div class="backup-row">
          <button type="button" disabled={busy} onClick={() => void doExport('json')}>
            {t('backup.exportJson')}
          </button>
          <p class="hint">{t('backup.exportJsonHint')}</p>
        </div>
        <div class="backup-row">
          <button type="button" disabled={busy} onClick={() => void doExport('md')}>
            {t('backup.exportMd')}
          </button>
          <p class="hint">{t('backup.exportMdHint')}</p>
        </div>
        <Report message={exportMessage} />
      </section>
      <section aria-labelledby="import-h">
        <h2 id="import-h">{t('backup.import')}</h2>
        <p class="hint">{t('backup.importHint')}</p>
        {inPopup ? (
          <div class="backup-row">
            <button type="button" onClick={openInTab}>
              {t('backup.openTab')}
            </button>
            <p class="hint">{t('backup.openTabHint')}</p>
          </div>
        ) : (
          <label class="file-pick">
            <span>{t('backup.chooseFile')}</span>
            <input
              type="file"
              accept=".jsonld,.json,application/ld+json,application/json"
              disabled={busy}
              onChange={(e) => {
                const input = e.target as HTMLInputElement;
                const file = input.files?.[0];
                if (file) void doImport(file).finally(() => (input.value = ''));
              }}
            />
          </label>
        )}
        <Report message={importMessage} />
      </section>
      <section aria-labelledby="storage-h">
        <h2 id="storage-h">{t('backup.storage')}</h2>
        {storage && (
          <ul class="storage">
            <li class={storage.persistent ? 'good' : 'warn'}>{storage.persistent ? t('backup.persistent') : t('backup.bestEffort')}</li>
            {storage.usage !== undefined && <li>{t('backup.usage', [formatBytes(storage.usage, lang)])}</li>}
            <li class={storage.lastExport ? '' : 'warn'}>{storage.lastExport ? t('backup.lastExport', [formatDate(storage.lastExport, lang, 'long')]) : t('backup.neverExported')}</li>
          </ul>
        )}
      </section>
    </div>
  );
}

function Report({ message }: { message: Message | null }) {
  return (
    <div class={`report ${message?.kind ?? ''}`} role={message?.kind === 'error' ? 'alert' : 'status'}>
      {message?.lines.map((l, i) => (
        <p key={i}>{l}</p>
      ))}
    </div>
  );
}

function formatBytes(bytes: number, lang: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let i = 0;
  let n = bytes;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return new Intl.NumberFormat(lang, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: 1 }).format(n);
}
