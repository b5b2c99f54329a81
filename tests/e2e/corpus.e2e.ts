/**
 * Robustness over 130 real saved pages (news sites, blogs, wikis, right-to-left pages,
 * odd markup) from ../shared/corpus/readability: every page finishes its scan with zero
 * errors from the extension. Skipped, saying so, when ../shared is not there.
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, collectErrors, launchWithExtension, paintedMentions, startServer, waitForReady, type Browser, type StaticServer } from './harness';

const pages = existsSync(CORPUS_DIR) ? readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.html')).sort() : [];
if (!pages.length) console.warn(`[corpus] skipped: ${CORPUS_DIR} is not there (it is shared data, not part of the project)`);

describe.skipIf(!pages.length)('the shared corpus of real pages', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchWithExtension();
    // Saved pages point at their original sites; nothing leaves this machine in tests.
    await browser.context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(`scans all ${pages.length} pages with zero extension errors`, async () => {
    const page = await browser.context.newPage();
    const errors = await collectErrors(page);
    const failures: string[] = [];
    let marked = 0;
    for (const file of pages) {
      const before = errors.length;
      try {
        await page.goto(`${server.url}/corpus/${file}`, { waitUntil: 'domcontentloaded', timeout: 30_000 });
        await waitForReady(page, 30_000);
        if ((await paintedMentions(page)).length > 0) marked++;
      } catch (err) {
        failures.push(`${file}: ${(err as Error).message.split('\n')[0]}`);
      }
      for (const e of errors.slice(before)) failures.push(`${file}: ${e}`);
    }
    console.log(`[corpus] ${pages.length} pages, ${marked} with marks, ${failures.length} failures`);
    expect(failures).toEqual([]);
    await page.close();
  }, 900_000);
});

it('has the corpus or says it skipped it', () => {
  expect(pages.length > 0 || !existsSync(CORPUS_DIR)).toBe(true);
});
