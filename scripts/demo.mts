/**
 * `npm run demo`: shows the built extension working on our sample article.
 * - With a display: opens Chromium with Dossier loaded on the article, and keeps it open
 *   until you close the window.
 * - Without one (a server, CI): headless, and writes screenshots of the marks, four cards
 *   and the popup (light and dark), then, after importing a file of 500 notes plus two on
 *   the article, the saved passages on the page and the popup's Notes view, to demo-output/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generateAnnotations } from '../tests/fixtures/generate-annotations';
import { ROOT, cardBox, hoverText, launchWithExtension, openPopupFor, startServer, uiOpen, waitForReady } from '../tests/e2e/harness';

const headful = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.argv.includes('--headless');
const out = join(ROOT, 'demo-output');
const server = await startServer();
const article = `${server.url}/pages/sample-article.html`;

if (headful) {
  const browser = await launchWithExtension({ headless: false });
  const page = await browser.context.newPage();
  await page.goto(article);
  console.log(`Dossier is running on ${article}`);
  console.log('Rest the pointer on an underlined name to see its card; click the toolbar icon for the popup. Close the window to stop.');
  await new Promise<void>((resolve) => browser.context.on('close', () => resolve()));
  await server.close();
  process.exit(0);
}

mkdirSync(out, { recursive: true });
const shots: string[] = [];

async function shootCard(page: Page, target: string, context: string, file: string): Promise<void> {
  await page.keyboard.press('Escape');
  await hoverText(page, 'article', target, context);
  for (let i = 0; i < 50 && !(await uiOpen(page)); i++) await page.waitForTimeout(50);
  await page.waitForTimeout(300); // the card's data, then one frame
  const box = await cardBox(page);
  const path = join(out, file);
  if (box) {
    // The card and the line it explains.
    const x = Math.max(0, box.x - 40);
    const y = Math.max(0, box.y - 70);
    await page.screenshot({ path, clip: { x, y, width: Math.min(1280 - x, box.width + 420), height: Math.min(900 - y, box.height + 140) } });
  } else {
    await page.screenshot({ path });
  }
  shots.push(path);
}

for (const scheme of ['light', 'dark'] as const) {
  const browser = await launchWithExtension({ colorScheme: scheme });
  const page = await browser.context.newPage();
  await page.goto(article);
  await waitForReady(page);
  if (scheme === 'light') {
    const path = join(out, 'marks.png');
    await page.screenshot({ path });
    shots.push(path);
  }
  await shootCard(page, 'Joly', 'Joly, speaking', `card-person-${scheme}.png`);
  await shootCard(page, 'Japan', 'Japan’s prime minister', `card-country-${scheme}.png`);
  await shootCard(page, 'Canadian Security Intelligence Service', 'the Canadian Security Intelligence Service told', `card-agency-${scheme}.png`);
  await shootCard(page, 'Beijing', 'Beijing continues', `card-capital-${scheme}.png`);
  const popup = await openPopupFor(browser, page);
  await popup.getByRole('button', { name: /Mélanie Joly/ }).waitFor();
  const path = join(out, `popup-${scheme}.png`);
  await popup.screenshot({ path, fullPage: true });
  shots.push(path);
  await popup.close();

  // Saved passages: a few on the sample article and 500 from elsewhere, imported as a
  // reader would import a file; then the article with its passages, and the Notes view.
  const title = await page.title();
  const own = [
    ['aaaaaaaa-0000-4000-8000-00000000d001', 'deepen defence industry ties with Tokyo', 'Follow the industry deals.', ['japan', 'defence']],
    ['aaaaaaaa-0000-4000-8000-00000000d002', 'the Canadian Security Intelligence Service told', '', ['csis']],
  ].map(([id, exact, note, tags], i) => ({
    id: `urn:uuid:${id}`,
    type: 'Annotation',
    created: new Date(Date.now() - i * 60_000).toISOString(),
    body: [...(note ? [{ type: 'TextualBody', purpose: 'commenting', value: note }] : []), ...(tags as string[]).map((value) => ({ type: 'TextualBody', purpose: 'tagging', value }))],
    target: { source: article, selector: [{ type: 'TextQuoteSelector', exact, prefix: '', suffix: '' }], 'dossier:page': { title, site: '127.0.0.1', language: 'en', visited: article } },
  }));
  const file = JSON.parse(generateAnnotations(500, 5).text);
  file.first.items.push(...own);
  const backup = await browser.context.newPage();
  await backup.goto(`chrome-extension://${browser.extensionId}/popup.html?view=backup&full=1`);
  await backup.locator('input[type=file]').setInputFiles({ name: 'notes.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(JSON.stringify(file)) });
  await backup.getByText(/^Added /).waitFor({ timeout: 60_000 });
  await backup.close();
  await page.reload();
  await waitForReady(page);
  await page.waitForTimeout(500);
  if (scheme === 'light') {
    await page.getByText('deepen defence industry ties').first().scrollIntoViewIfNeeded();
    const snip = join(out, 'snippets.png');
    await page.screenshot({ path: snip });
    shots.push(snip);
  }
  const notes = await openPopupFor(browser, page);
  await notes.getByRole('tab', { name: /Notes/ }).click();
  await notes.locator('article.note').first().waitFor();
  await notes.waitForTimeout(300);
  const notesPath = join(out, `popup-notes-${scheme}.png`);
  await notes.screenshot({ path: notesPath });
  shots.push(notesPath);
  await browser.close();
}
await server.close();
console.log('No display found: ran headless. Screenshots of Dossier on the sample article:');
for (const s of shots) console.log(`  ${s}`);
