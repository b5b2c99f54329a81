/**
 * The background service worker: owns the notes database for content scripts (which
 * never open it), answers card requests, and turns the context menu and the keyboard
 * shortcut into "save the selection" in the active tab. Every message is validated and
 * its sender checked (utils/messaging.ts, utils/notes/service.ts).
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { loadCards } from '../utils/cards';
import { resolveLang, translator } from '../utils/i18n';
import { fromOurExtension, parseBackgroundRequest, type BackgroundResponses, type SenderInfo } from '../utils/messaging';
import { NoteService } from '../utils/notes/service';
import { NotesStore } from '../utils/notes/store';
import { SETTINGS_KEY, parseSettings } from '../utils/settings';

const MENU_ID = 'dossier-save-snippet';
const COMMAND = 'save-snippet';

export default defineBackground(() => {
  const store = new NotesStore();
  const notes = new NoteService(store, { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') });

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

  async function menuTitle(): Promise<string> {
    const settings = parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
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
