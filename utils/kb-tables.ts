/**
 * The alias index's tables (`kb/index.bin`, written by the build): bytes the content
 * script views in place (index-binary.ts), instead of carrying them in its own code, where
 * V8 had to scan and copy 600 KB of literal on every page load (20-50 ms at 4x CPU).
 *
 * The file is a web-accessible resource behind Chromium's per-session dynamic URL, so a
 * page cannot probe a fixed address to learn that Dossier is installed.
 */
import { browser } from 'wxt/browser';
import type { BackgroundResponses } from './messaging';
import { fromBase64, toBase64 } from './match/index-binary';

/** Where the build writes the tables, in the extension's files. */
export const INDEX_TABLES_PATH = 'kb/index.bin';

async function fetchTables(): Promise<Uint8Array> {
  const res = await fetch(browser.runtime.getURL(`/${INDEX_TABLES_PATH}` as '/'));
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * In the content script. If the page's rules stop our fetch (a browser that applies the
 * page's content security policy to content scripts), the background reads the file for
 * us and sends it as base64 (messages carry text).
 */
export async function loadTablesInPage(): Promise<Uint8Array> {
  try {
    return await fetchTables();
  } catch {
    const res = (await browser.runtime.sendMessage({ type: 'kb:tables' })) as BackgroundResponses['kb:tables'] | undefined;
    if (!res?.tables) throw new Error('alias index tables: unreadable');
    return fromBase64(res.tables);
  }
}

let encoded: Promise<string> | undefined;

/** In the background: the tables as base64, read once. */
export function tablesAsBase64(): Promise<string> {
  encoded ??= fetchTables().then(toBase64);
  encoded.catch(() => (encoded = undefined));
  return encoded;
}
