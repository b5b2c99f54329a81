/**
 * Every visible string goes through i18n: with the browser in French, the card and the
 * popup speak French (descriptions and role titles included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoverText, inPageUiText, launchWithExtension, openPopupFor, startServer, uiOpen, waitForReady, type Browser, type StaticServer } from './harness';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchWithExtension({ locale: 'fr-FR' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('in French', () => {
  it('shows cards in French', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/pages/sample-article.html`);
    await waitForReady(page);
    await hoverText(page, 'article', 'Joly', 'Joly, speaking');
    await expect.poll(() => uiOpen(page)).toBe(true);
    await expect.poll(() => inPageUiText(page)).toContain('Mélanie Joly');
    const text = (await inPageUiText(page))!;
    expect(text).toContain('Personne');
    expect(text).toContain('En novembre 2023');
    expect(text).toMatch(/ministre des Affaires étrangères/i);
    expect(text).toContain('Faits vérifiés en date de');
    await page.keyboard.press('Escape');
    await hoverText(page, 'article', 'Beijing', 'Beijing continues');
    await expect.poll(() => inPageUiText(page)).toContain('Chine');
    expect(await inPageUiText(page)).toContain('« Beijing » est la capitale de ce pays ; le nom désigne ici son gouvernement.');
    await page.close();
  });

  it('shows the popup in French', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/pages/sample-article.html`);
    await waitForReady(page);
    const popup = await openPopupFor(browser, page);
    await expect.poll(() => popup.getByText('Sur cette page').count()).toBe(1);
    await expect.poll(() => popup.getByRole('button', { name: 'Mettre en pause partout' }).count()).toBe(1);
    expect(await popup.getByText('Tout reste sur cet ordinateur.').count()).toBe(1);
    await popup.close();
    await page.close();
  });
});
