/**
 * Renders public/icon/*.png from the SVG below with the system Chromium (run by hand when
 * the icon changes: `npx tsx scripts/make-icons.mts`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, chromiumPath } from '../tests/e2e/harness';

// A folded dossier with an underline mark: the product in one glyph.
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
  <rect x="8" y="8" width="112" height="112" rx="26" fill="#1d3f8f"/>
  <path d="M34 30h42l18 18v50a6 6 0 0 1-6 6H34a6 6 0 0 1-6-6V36a6 6 0 0 1 6-6z" fill="#f6f3ea"/>
  <path d="M76 30v14a4 4 0 0 0 4 4h14z" fill="#c9c2ae"/>
  <rect x="38" y="58" width="40" height="7" rx="3.5" fill="#1d3f8f"/>
  <rect x="38" y="72" width="46" height="7" rx="3.5" fill="#9aa6c4"/>
  <rect x="38" y="86" width="30" height="7" rx="3.5" fill="#9aa6c4"/>
  <rect x="36" y="96" width="44" height="4" rx="2" fill="#e8a317"/>
</svg>`;

const out = join(ROOT, 'public/icon');
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--headless=new'] });
const page = await browser.newPage();
for (const size of [16, 32, 48, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${SVG.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: join(out, `${size}.png`), omitBackground: true });
}
await browser.close();
console.log('icons written to', out);
