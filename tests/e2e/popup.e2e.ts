/**
 * The toolbar popup over a real article: what is on the page, jumping to a mention, and
 * the switches that turn Dossier off for a site or everywhere (marks go and come back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, openPopupFor, paintedMentions, startServer, waitForReady, type Browser, type StaticServer } from './harness';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('popup', () => {
  it('lists the entities on the page, grouped by kind, most mentioned first', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/pages/sample-article.html`);
    await waitForReady(page);
    const popup = await openPopupFor(browser, page);
    const countries = popup.getByRole('region', { name: 'Country' }).getByRole('button');
    await expect.poll(() => countries.count()).toBeGreaterThan(5);
    const first = await countries.first().textContent();
    expect(first).toContain('Canada'); // the most mentioned
    const people = await popup.getByRole('region', { name: 'Person' }).getByRole('button').allTextContents();
    expect(people.join('|')).toContain('Mélanie Joly');
    expect(people.join('|')).toContain('Fumio Kishida');
    await popup.close();
    await page.close();
  });

  it('scrolls the page to an entity chosen in the list, from the keyboard too', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/pages/sample-article.html`);
    await waitForReady(page);
    const before = await page.evaluate(() => scrollY);
    const popup = await openPopupFor(browser, page);
    const kishida = popup.getByRole('button', { name: /Fumio Kishida/ });
    await kishida.focus();
    await popup.keyboard.press('Enter');
    // A smooth scroll: give it time on a loaded machine.
    await expect.poll(() => page.evaluate(() => scrollY), { timeout: 5000 }).toBeGreaterThan(before + 200);
    expect((await paintedMentions(page, 'dossier-flash')).map((m) => m.text)).toEqual(['Fumio Kishida']);
    await popup.close();
    await page.close();
  });

  it('turns marks off for the site and back on, and pauses everywhere', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/pages/sample-article.html`);
    await waitForReady(page);
    const count = async () => (await paintedMentions(page)).length;
    const initial = await count();
    expect(initial).toBeGreaterThan(20);

    const popup = await openPopupFor(browser, page);
    const siteSwitch = popup.getByRole('checkbox');
    await expect(siteSwitch.isChecked()).resolves.toBe(true);
    await siteSwitch.click();
    await expect.poll(count).toBe(0);
    await expect.poll(() => popup.getByText('Dossier is off for 127.0.0.1.').count()).toBe(1);
    await siteSwitch.click();
    await expect.poll(count).toBe(initial);

    await popup.getByRole('button', { name: 'Pause everywhere' }).click();
    await expect.poll(count).toBe(0);
    await popup.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(count).toBe(initial);
    await popup.close();
    await page.close();
  });

  it('says so on pages where extensions cannot run', async () => {
    const page = await browser.context.newPage();
    await page.goto('about:blank');
    const popup = await openPopupFor(browser, page);
    await expect.poll(() => popup.getByText(/does not run on this page/).count()).toBe(1);
    await popup.close();
    await page.close();
  });

  it('opens the settings in a tab of their own', async () => {
    const page = await browser.context.newPage();
    await page.goto('about:blank');
    const popup = await openPopupFor(browser, page);
    const opened = browser.context.waitForEvent('page', (p) => p.url().endsWith('/options.html'));
    await popup.getByRole('button', { name: 'Settings' }).click();
    const options = await opened;
    await expect.poll(() => options.getByRole('heading', { name: 'Dossier settings' }).count()).toBe(1);
    await options.close();
    await page.close();
  });
});
