/**
 * The background service worker: answers card requests from content scripts (which
 * cannot read extension files without exposing them to every page), after validating the
 * message and its sender.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { loadCards } from '../utils/cards';
import { fromOurExtension, parseBackgroundRequest, type BackgroundResponses, type SenderInfo } from '../utils/messaging';

async function handle(message: unknown, sender: SenderInfo): Promise<unknown> {
  if (!fromOurExtension(sender, browser.runtime.id)) return undefined;
  const req = parseBackgroundRequest(message);
  if (!req) return undefined;
  switch (req.type) {
    case 'cards:get': {
      const cards = await loadCards();
      const res: BackgroundResponses['cards:get'] = { cards: req.ids.map((id) => cards[id] ?? null) };
      return res;
    }
  }
}

export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const reply = handle(message, sender);
    // Returning undefined lets other listeners answer; a promise answers this one.
    return reply.then((r) => r, (err: unknown) => {
      console.error('[dossier]', err);
      return undefined;
    });
  });
});
