/**
 * Loads the compiled cards (`kb/cards.json`, written by the build) in extension pages and
 * the background, once per context. Content scripts ask the background instead.
 */
import { browser } from 'wxt/browser';
import type { CardMap, NameMap } from './kb/types';

let cards: Promise<CardMap> | undefined;

export function loadCards(): Promise<CardMap> {
  cards ??= fetch(browser.runtime.getURL('/kb/cards.json' as '/')).then((r) => {
    if (!r.ok) throw new Error(`cards.json: HTTP ${r.status}`);
    return r.json() as Promise<CardMap>;
  });
  cards.catch(() => (cards = undefined));
  return cards;
}

let names: Promise<NameMap> | undefined;

/** Entity names alone (kb/names.json, a tenth of cards.json): the notes list's chips and search. */
export function loadNames(): Promise<NameMap> {
  names ??= fetch(browser.runtime.getURL('/kb/names.json' as '/')).then((r) => {
    if (!r.ok) throw new Error(`names.json: HTTP ${r.status}`);
    return r.json() as Promise<NameMap>;
  });
  names.catch(() => (names = undefined));
  return names;
}
