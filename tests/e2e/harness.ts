/**
 * Shared by the end-to-end tests, the demo and the benchmarks: a static server for our
 * fixture pages (and the shared corpus when it is there), and the system Chromium with
 * the built extension loaded.
 */
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
export const FIXTURE_PAGES = join(ROOT, 'tests/fixtures/pages');
export const SHARED = resolve(ROOT, '../shared');
export const CORPUS_DIR = join(SHARED, 'corpus/readability');
export const ARTICLES_DIR = join(SHARED, 'fixtures/articles');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('Chromium not found: install it (apt-get install -y chromium) or set CHROMIUM_PATH');
  return found;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves /pages/* from tests/fixtures/pages and /corpus/* from the shared corpus. */
export async function startServer(extraPages?: Record<string, string>): Promise<StaticServer> {
  const mounts: [string, string][] = [
    ['/pages/', FIXTURE_PAGES],
    ['/corpus/', CORPUS_DIR],
  ];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (extraPages?.[path] !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(extraPages[path]);
      return;
    }
    for (const [prefix, dir] of mounts) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) break;
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface Browser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  userDataDir: string;
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

export async function launchWithExtension(
  options: { headless?: boolean; userDataDir?: string; locale?: string; colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number }; args?: string[] } = {},
): Promise<Browser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`No built extension in ${EXTENSION_DIR}: run npm run build first`);
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'dossier-profile-'));
  const headless = options.headless ?? true;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: false, // --headless=new is passed below: the old headless mode cannot load extensions
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1280, height: 900 },
    args: [
      ...(headless ? ['--headless=new'] : []),
      '--no-sandbox',
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
      '--disable-quic',
      `--lang=${options.locale ?? 'en-US'}`,
      ...(options.args ?? []),
    ],
  });
  let worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  worker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    userDataDir,
    async close(opts) {
      await context.close();
      if (!opts?.keepProfile && !options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Waits for the content script's `dossier:ready` mark. */
export async function waitForReady(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('dossier:ready').length > 0, undefined, { timeout, polling: 50 });
}

export interface PaintedMention {
  highlight: string;
  text: string;
}

/** Every range painted under a `dossier-*` highlight, with its text (read in the page's world). */
export async function paintedMentions(page: Page, prefix = 'dossier-mention'): Promise<PaintedMention[]> {
  return page.evaluate((prefix) => {
    const out: { highlight: string; text: string }[] = [];
    CSS.highlights.forEach((h, name) => {
      if (!name.startsWith(prefix)) return;
      for (const r of h) {
        const range = document.createRange();
        try {
          range.setStart(r.startContainer, r.startOffset);
          range.setEnd(r.endContainer, r.endOffset);
          out.push({ highlight: name, text: range.toString() });
        } catch {
          out.push({ highlight: name, text: '<stale>' });
        }
      }
    });
    return out;
  }, prefix);
}

/**
 * Collects errors and warnings raised by the extension in a page (its content script's
 * isolated world), ignoring the page's own errors: saved pages often have broken scripts.
 */
export async function collectErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  const ours = new Set<number>();
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Runtime.executionContextCreated', (e) => {
    if (String(e.context.origin).startsWith('chrome-extension://')) ours.add(e.context.id);
  });
  await cdp.send('Runtime.enable');
  const isOurs = (contextId: number | undefined, text: string) => (contextId !== undefined && ours.has(contextId)) || text.includes('chrome-extension://');
  cdp.on('Runtime.exceptionThrown', (e) => {
    const d = e.exceptionDetails;
    const text = `${d.exception?.description ?? d.text} (${d.url ?? ''})`;
    if (isOurs(d.executionContextId, text + (d.stackTrace?.callFrames.map((f) => f.url).join(' ') ?? ''))) errors.push(`exception: ${text}`);
  });
  cdp.on('Runtime.consoleAPICalled', (e) => {
    if (e.type !== 'error' && e.type !== 'warning') return;
    const text = e.args.map((a) => a.value ?? a.description ?? '').join(' ');
    if (isOurs(e.executionContextId, text) || text.includes('[dossier]')) errors.push(`console.${e.type}: ${text}`);
  });
  return errors;
}

interface CdpNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
}

/** Our host element with its (closed) shadow tree, through the DevTools protocol. */
async function hostTree(page: Page): Promise<{ host: CdpNode | null; cdp: import('playwright-core').CDPSession }> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: 1 })) as { root: CdpNode };
  const { nodeId } = (await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'dossier-ui' })) as { nodeId: number };
  if (!nodeId) return { host: null, cdp };
  const { node } = (await cdp.send('DOM.describeNode', { nodeId, depth: -1, pierce: true })) as { node: CdpNode };
  return { host: node, cdp };
}

/**
 * The text of our in-page UI. Its shadow root is closed, so page scripts (and Playwright
 * locators) cannot see into it; the DevTools protocol can, as DevTools itself does.
 */
export async function inPageUiText(page: Page): Promise<string | null> {
  // Only what a reader can see: nothing while the host is hidden, and no part that is
  // rendered ahead but hidden (the card prepared during the hover delay).
  const shown = await page.evaluate(() => document.querySelector('dossier-ui')?.matches(':popover-open') ?? false);
  if (!shown) return null;
  const { host, cdp } = await hostTree(page);
  try {
    if (!host?.shadowRoots?.length) return null;
    const parts: string[] = [];
    const hidden = (n: CdpNode) => {
      const at = n.attributes?.indexOf('style') ?? -1;
      return at >= 0 && /visibility:\s*hidden/.test(n.attributes![at + 1]!);
    };
    const collect = (n: CdpNode) => {
      if (hidden(n)) return;
      if (n.nodeType === 3 && n.nodeValue) parts.push(n.nodeValue);
      for (const c of n.children ?? []) collect(c);
    };
    host.shadowRoots.forEach(collect);
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  } finally {
    await cdp.detach();
  }
}

/** The card's box on screen (found through the closed shadow root with the DevTools protocol). */
export async function cardBox(page: Page): Promise<{ x: number; y: number; width: number; height: number } | null> {
  const { host, cdp } = await hostTree(page);
  try {
    let card: CdpNode | null = null;
    const walk = (n: CdpNode) => {
      const at = n.attributes?.indexOf('class') ?? -1;
      if (at >= 0 && n.attributes![at + 1]!.split(' ').includes('card')) card ??= n;
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(c);
    };
    if (host) walk(host);
    if (!card) return null;
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: (card as CdpNode).backendNodeId })) as { model: { content: number[]; width: number; height: number } };
    return { x: model.content[0]!, y: model.content[1]!, width: model.width, height: model.height };
  } catch {
    return null;
  } finally {
    await cdp.detach();
  }
}

/**
 * True when a reader sees some of our UI (a card, the selection toolbar). Not merely our host
 * being open: it stays open, with the card invisible, while a card is laid out ahead of the
 * end of the hover delay.
 */
export async function uiOpen(page: Page): Promise<boolean> {
  return !!(await inPageUiText(page));
}

/**
 * Centre of `target` where it first occurs inside `context` (default: the target itself),
 * inside the element matching `selector`, after scrolling it into view.
 */
export async function textPoint(page: Page, selector: string, target: string, context = target): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(
    ({ selector, target, context }) => {
      const root = document.querySelector(selector);
      if (!root) return null;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const data = (n as Text).data;
        const at = data.indexOf(context);
        const inner = context.indexOf(target);
        if (at < 0 || inner < 0) continue;
        const r = document.createRange();
        r.setStart(n, at + inner);
        r.setEnd(n, at + inner + target.length);
        r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
      return null;
    },
    { selector, target, context },
  );
  if (!p) throw new Error(`"${target}" in "${context}" not found in ${selector}`);
  return p;
}

/** Hovers a piece of text and waits for the card to open. */
export async function hoverText(page: Page, selector: string, target: string, context?: string): Promise<void> {
  const p = await textPoint(page, selector, target, context);
  await page.mouse.move(p.x - 30, p.y + 40);
  await page.mouse.move(p.x, p.y, { steps: 4 });
}

/** Opens the toolbar popup in a tab of its own, pointed at `page`'s tab (as if opened over it). */
export async function openPopupFor(browser: Browser, page: Page): Promise<Page> {
  await page.bringToFront();
  const tabId = await browser.worker.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id: number }[]> } } }).chrome;
    const [tab] = await c.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id;
  });
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 420, height: 580 }); // the popup's own size (popup.css)
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
  return popup;
}

/** Clicks a button of our in-page UI by its text (through the closed shadow root, with the DevTools protocol). */
export async function clickUiButton(page: Page, label: string): Promise<void> {
  const { host, cdp } = await hostTree(page);
  try {
    let button: CdpNode | null = null;
    const text = (n: CdpNode): string => (n.nodeType === 3 ? (n.nodeValue ?? '') : (n.children ?? []).map(text).join(''));
    const walk = (n: CdpNode) => {
      if (n.nodeName === 'BUTTON' && text(n).trim() === label) button ??= n;
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(c);
    };
    if (host) walk(host);
    if (!button) throw new Error(`no button "${label}" in Dossier's UI`);
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: (button as CdpNode).backendNodeId })) as { model: { content: number[] } };
    const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
    await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  } finally {
    await cdp.detach();
  }
}

/** Types into the focused element of our UI (the note form focuses its textarea). */
export async function typeInUi(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
}

/** Page coordinates of the first or last character of `needle` inside the element matching selector. */
async function charPoint(page: Page, selector: string, needle: string, atEnd: boolean): Promise<{ x: number; y: number }> {
  // No named inner functions here: the page must not depend on a bundler's helpers.
  const p = await page.evaluate(
    ({ selector, needle, atEnd }) => {
      const root = document.querySelector(selector)!;
      const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        const i = (n as Text).data.indexOf(needle);
        if (i < 0) continue;
        const r = document.createRange();
        const at = atEnd ? i + needle.length - 1 : i;
        r.setStart(n, at);
        r.setEnd(n, at + 1);
        const b = r.getBoundingClientRect();
        return { x: atEnd ? b.right - 1 : b.left + 1, y: b.top + b.height / 2 };
      }
      return null;
    },
    { selector, needle, atEnd },
  );
  if (!p) throw new Error(`cannot find "${needle}" in ${selector}`);
  return p;
}

/** Selects text by dragging the mouse from the start of `from` to the end of `to` (in the element matching selector). */
export async function dragSelect(page: Page, selector: string, from: string, to: string): Promise<void> {
  // The drag is the test's setup, not what it tests: when the page moved under the pointer
  // (a late layout shift on a loaded machine), the selection is cleared and the drag made
  // again, and a drag that never selects the passage fails here, saying what it selected.
  let selected = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    await textPoint(page, selector, from); // scrolls it into view
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const a = await charPoint(page, selector, from, false);
    const b = await charPoint(page, selector, to, true);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await page.mouse.move(b.x, b.y, { steps: 5 });
    await page.mouse.up();
    selected = await page.evaluate(() => (getSelection()?.toString() ?? '').replace(/\s+/g, ' '));
    if (selected.includes(from) && selected.includes(to)) return;
    await page.evaluate(() => getSelection()?.removeAllRanges());
  }
  throw new Error(`dragging from "${from}" to "${to}" selected "${selected}"`);
}

/** The execution context id of our content script in a page (for evaluating in its world). */
export async function contentScriptWorld(page: Page): Promise<{ evaluate<T>(expression: string): Promise<T>; detach(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push({ id: e.context.id, origin: String(e.context.origin) }));
  await cdp.send('Runtime.enable');
  const ours = contexts.find((c) => c.origin.startsWith('chrome-extension://'));
  if (!ours) throw new Error('no content script in this page');
  return {
    async evaluate<T>(expression: string): Promise<T> {
      const r = (await cdp.send('Runtime.evaluate', { expression, contextId: ours.id, awaitPromise: true, returnByValue: true })) as {
        result: { value: T };
        exceptionDetails?: { exception?: { description?: string }; text: string };
      };
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
      return r.result.value;
    },
    detach: () => cdp.detach(),
  };
}

/** All notes in the extension's database, read from an extension page (the popup's origin). */
export async function allNotes(browser: Browser): Promise<{ id: string; quote: { exact: string }; note: string; tags: string[]; anchor?: { status: string } }[]> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=0`);
  const notes = await page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('dossier');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('notes')) return resolve([]);
          const req = db.transaction('notes').objectStore('notes').getAll();
          req.onsuccess = () => {
            resolve(req.result);
            db.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
  await page.close();
  return notes as Awaited<ReturnType<typeof allNotes>>;
}

/**
 * How many pixels of a region of the page, as the browser renders it now, are coloured
 * (not black, white or grey): our marks are the only colour on our plain test pages.
 */
export async function colouredPixels(page: Page, clip: { x: number; y: number; width: number; height: number }): Promise<number> {
  const png = (await page.screenshot({ clip })).toString('base64');
  return page.evaluate(async (png) => {
    const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 40) n++;
    }
    return n;
  }, png);
}
