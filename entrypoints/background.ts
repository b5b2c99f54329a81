/**
 * The background service worker: owns the notes database for content scripts (which
 * never open it), answers card requests, and turns the context menu and the keyboard
 * shortcut into "save the selection" in the active tab, and keeps the toolbar badge (the
 * number of entities on a page, when the reader asked for it). Every message is
 * validated and its sender checked (utils/messaging.ts, utils/notes/service.ts).
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { loadCards } from '../utils/cards';
import { tablesAsBase64 } from '../utils/kb-tables';
import { resolveLang, translator } from '../utils/i18n';
import { contentScriptTab, fromOurExtension, parseBackgroundRequest, parsePageReport, type BackgroundResponses, type SenderInfo } from '../utils/messaging';
import { NoteService } from '../utils/notes/service';
import { NotesStore } from '../utils/notes/store';
import { SETTINGS_KEY, parseSettings } from '../utils/settings';

const MENU_ID = 'dossier-save-snippet';
const COMMAND = 'save-snippet';
/** The popup's muted grey: the badge is information, not an alert. */
const BADGE_COLOUR = '#5b5f6b';

export default defineBackground(() => {
  const store = new NotesStore();
  const extensionOrigin = browser.runtime.getURL('/');
  const notes = new NoteService(store, { extensionId: browser.runtime.id, extensionOrigin });

  async function readSettings() {
    return parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  }

  /** The badge of one tab: its entity count, or nothing (and the default title) for 0. */
  async function setBadge(tabId: number, count: number): Promise<void> {
    const settings = await readSettings();
    const t = translator(resolveLang(settings.language, browser.i18n.getUILanguage()));
    const text = count === 0 ? '' : count > 999 ? '999+' : String(count);
    // The title says it in words: screen readers announce the title, not the badge.
    const title = count === 0 ? t('extName') : t('badge.title', [count]);
    try {
      await Promise.all([
        browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOUR }),
        browser.action.setBadgeText({ tabId, text }),
        browser.action.setTitle({ tabId, title }),
        // Not in every browser version (Chromium 110+, Firefox 63+): white is the usual default.
        browser.action.setBadgeTextColor?.({ tabId, color: '#ffffff' }),
      ]);
    } catch {
      // The tab closed meanwhile.
    }
  }

  /** The setting was turned off: no tab keeps a count. */
  async function clearBadges(): Promise<void> {
    const tabs = await browser.tabs.query({});
    await Promise.all(tabs.map((tab) => (tab.id === undefined ? undefined : setBadge(tab.id, 0))));
  }

  async function handle(message: unknown, sender: SenderInfo): Promise<unknown> {
    if (!fromOurExtension(sender, browser.runtime.id)) return undefined;
    const noteReply = await notes.handle(message, sender);
    if (noteReply !== undefined) return noteReply;
    const req = parseBackgroundRequest(message);
    if (req?.type === 'cards:get') {
      const cards = await loadCards();
      const res: BackgroundResponses['cards:get'] = { cards: req.ids.map((id) => cards[id] ?? null) };
      return res;
    }
    if (req?.type === 'kb:tables') return { tables: await tablesAsBase64() } satisfies BackgroundResponses['kb:tables'];
    const report = req ? null : parsePageReport(message);
    if (report?.type === 'page:entities') {
      // Only a content script speaks for a page, and only for its own tab.
      const tabId = contentScriptTab(sender, browser.runtime.id, extensionOrigin);
      // The setting may have been turned off since the page counted.
      const ok = tabId !== undefined && (await readSettings()).badge;
      if (ok) await setBadge(tabId, report.count);
      return { ok } satisfies BackgroundResponses['page:entities'];
    }
    return undefined;
  }

  browser.runtime.onMessage.addListener((message: unknown, sender) =>
    handle(message, sender).catch((err: unknown) => {
      console.error('[dossier]', err);
      return undefined;
    }),
  );

  /** Tells the active tab's content script to save its selection. */
  async function saveInTab(tabId: number | undefined): Promise<void> {
    if (tabId === undefined) return;
    try {
      await browser.tabs.sendMessage(tabId, { type: 'selection:save' }, { frameId: 0 });
    } catch {
      // No content script there (a browser page, the store): nothing to save.
    }
  }

  browser.storage.onChanged.addListener((changes, area) => {
    const change = changes[SETTINGS_KEY];
    if (area !== 'local' || !change) return;
    // Content scripts report their counts themselves when the setting is turned on.
    if (parseSettings(change.oldValue).badge && !parseSettings(change.newValue).badge) void clearBadges();
  });

  async function menuTitle(): Promise<string> {
    const settings = await readSettings();
    return translator(resolveLang(settings.language, browser.i18n.getUILanguage()))('contextMenu.save');
  }

  browser.runtime.onInstalled.addListener(() => {
    void menuTitle().then((title) => {
      browser.contextMenus.removeAll().then(() =>
        browser.contextMenus.create({ id: MENU_ID, title, contexts: ['selection'], documentUrlPatterns: ['http://*/*', 'https://*/*'] }),
      );
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID && info.frameId === 0) void saveInTab(tab?.id);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== COMMAND) return;
    if (tab?.id !== undefined) void saveInTab(tab.id);
    else void browser.tabs.query({ active: true, currentWindow: true }).then(([t]) => saveInTab(t?.id));
  });
});
