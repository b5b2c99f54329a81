import { describe, expect, it } from 'vitest';
import { contentScriptTab, parseBackgroundRequest, parsePageReport, parseTabRequest } from '../../utils/messaging';

const EXT = { id: 'ourextension', origin: 'chrome-extension://ourextension/' };

describe('page:entities (the toolbar badge count)', () => {
  it('accepts an integer count from 0 to 10,000', () => {
    expect(parsePageReport({ type: 'page:entities', count: 0 })).toEqual({ type: 'page:entities', count: 0 });
    expect(parsePageReport({ type: 'page:entities', count: 42 })).toEqual({ type: 'page:entities', count: 42 });
    expect(parsePageReport({ type: 'page:entities', count: 10_000 })).toEqual({ type: 'page:entities', count: 10_000 });
  });

  it('rejects other counts, extra fields (a tab id above all) and other shapes', () => {
    for (const count of [-1, 10_001, 1.5, NaN, Infinity, '12', null, undefined]) {
      expect(parsePageReport({ type: 'page:entities', count }), String(count)).toBeNull();
    }
    expect(parsePageReport({ type: 'page:entities', count: 3, tabId: 7 })).toBeNull();
    expect(parsePageReport({ type: 'page:entities' })).toBeNull();
    expect(parsePageReport('page:entities')).toBeNull();
    expect(parsePageReport(null)).toBeNull();
  });

  it('is not a request the note and card handlers see', () => {
    expect(parseBackgroundRequest({ type: 'page:entities', count: 3 })).toBeNull();
    expect(parsePageReport({ type: 'cards:get', ids: ['ca'] })).toBeNull();
  });
});

describe('kb:tables (the alias index, for a content script whose fetch was refused)', () => {
  it('is a request with nothing in it', () => {
    expect(parseBackgroundRequest({ type: 'kb:tables' })).toEqual({ type: 'kb:tables' });
    expect(parseBackgroundRequest({ type: 'kb:tables', path: '../cards.json' })).toBeNull();
    expect(parsePageReport({ type: 'kb:tables' })).toBeNull();
  });
});

describe('contentScriptTab', () => {
  const page = { id: EXT.id, url: 'https://news.example/a', tab: { id: 12 } };
  const tab = (sender: Parameters<typeof contentScriptTab>[0]) => contentScriptTab(sender, EXT.id, EXT.origin);

  it('is the tab the browser says a content script of ours runs in', () => {
    expect(tab(page)).toBe(12);
    expect(tab({ ...page, tab: { id: 0 } })).toBe(0);
  });

  it('is nothing for another extension, an extension page (even in a tab), or a sender without a tab', () => {
    expect(tab({ ...page, id: 'someone-else' })).toBeUndefined();
    expect(tab({ ...page, url: 'chrome-extension://ourextension/options.html' })).toBeUndefined();
    expect(tab({ id: EXT.id, url: 'chrome-extension://ourextension/popup.html' })).toBeUndefined();
    expect(tab({ id: EXT.id, url: page.url })).toBeUndefined();
    expect(tab({ ...page, url: undefined })).toBeUndefined();
    expect(tab({ ...page, tab: { id: -1 } })).toBeUndefined(); // TAB_ID_NONE
    expect(tab({ ...page, tab: { id: '12' } })).toBeUndefined();
  });
});

describe('requests to a content script (from the popup and the background)', () => {
  it('accepts each request exactly', () => {
    for (const type of ['page:summary', 'selection:save', 'selection:draft', 'notes:changed']) expect(parseTabRequest({ type })).toEqual({ type });
    expect(parseTabRequest({ type: 'page:reveal', id: 'mark-carney' })).toEqual({ type: 'page:reveal', id: 'mark-carney' });
  });

  it('refuses unknown types, extra keys, bad ids and things that are not requests', () => {
    for (const bad of [
      { type: 'page:wipe' },
      { type: 'page:summary', extra: 1 },
      { type: 'selection:save', tabId: 3 },
      { type: 'page:reveal' },
      { type: 'page:reveal', id: 'Mark Carney' },
      { type: 'page:reveal', id: '<img src=x>' },
      { type: 'page:reveal', id: 'a'.repeat(81) },
      { type: 'page:reveal', id: 42 },
      { type: 'page:reveal', id: 'x', more: true },
      { type: 42 },
      ['page:summary'],
      'page:summary',
      null,
      undefined,
    ]) {
      expect(parseTabRequest(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
