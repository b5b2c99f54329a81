/**
 * Changing settings from an extension page (popup, options): each change is merged into
 * what is stored at that moment, one write after the other, so that two quick changes —
 * or a change here and one in the other page — never undo each other.
 */
import { browser } from 'wxt/browser';
import { SETTINGS_KEY, parseSettings, type Settings } from '../utils/settings';

let writes: Promise<void> = Promise.resolve();

export function saveSettings(patch: Partial<Settings>): Promise<void> {
  const write = writes.then(async () => {
    const current = parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
    await browser.storage.local.set({ [SETTINGS_KEY]: { ...current, ...patch } });
  });
  writes = write.catch(() => undefined);
  return write;
}
