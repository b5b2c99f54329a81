import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { NoteService } from '../../utils/notes/service';
import { NotesStore } from '../../utils/notes/store';
import type { NoteDraft } from '../../utils/notes/types';

const EXT = { extensionId: 'ourextension', extensionOrigin: 'chrome-extension://ourextension/' };
const PAGE = 'https://news.example/world/article-1?utm_source=feed';
const fromPageScript = { id: EXT.extensionId, url: PAGE, tab: { id: 3 } };
const fromPopup = { id: EXT.extensionId, url: 'chrome-extension://ourextension/popup.html' };

function draft(overrides: Partial<NoteDraft> = {}): NoteDraft {
  return {
    page: { url: 'https://news.example/world/article-1', visitedUrl: 'https://news.example/world/article-1', title: 'Title', site: 'news.example', lang: 'en' },
    quote: { exact: 'Canada will share more cyber threat intelligence', prefix: 'OTTAWA — ', suffix: ' with Japan' },
    position: { start: 10, end: 58 },
    entities: ['ca'],
    note: 'Check the date',
    tags: ['cyber'],
    ...overrides,
  };
}

function service() {
  const store = new NotesStore({ indexedDB: new IDBFactory() });
  return { store, svc: new NoteService(store, EXT) };
}

describe('note messages', () => {
  it('saves a passage of the sender’s own page and gives it back to that page', async () => {
    const { svc } = service();
    const saved = await svc.handle({ type: 'note:save', draft: draft() }, fromPageScript);
    expect(saved).toMatchObject({ ok: true, note: { note: 'Check the date' } });
    const res = await svc.handle({ type: 'notes:forPage' }, fromPageScript);
    expect(res).toMatchObject({ notes: [{ quote: { exact: 'Canada will share more cyber threat intelligence' } }] });
  });

  it('stores the page URLs without tracking parameters or fragment', async () => {
    const { svc } = service();
    const page = { url: 'https://news.example/world/article-1?id=7#top', visitedUrl: `${PAGE}&fbclid=x#comments`, title: 'Title', site: 'news.example', lang: 'en' };
    const saved = await svc.handle({ type: 'note:save', draft: draft({ page }) }, fromPageScript);
    expect(saved).toMatchObject({ ok: true, note: { page: { url: 'https://news.example/world/article-1?id=7', visitedUrl: 'https://news.example/world/article-1' } } });
  });

  it('refuses to save for another page, or a canonical URL on another site', async () => {
    const { svc, store } = service();
    const other = draft({ page: { ...draft().page, visitedUrl: 'https://bank.example/account', url: 'https://bank.example/account' } });
    expect(await svc.handle({ type: 'note:save', draft: other }, fromPageScript)).toMatchObject({ ok: false, reason: 'not-allowed' });
    const claimed = draft({ page: { ...draft().page, url: 'https://bank.example/account' } });
    expect(await svc.handle({ type: 'note:save', draft: claimed }, fromPageScript)).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect(await store.count()).toBe(0);
  });

  it('lets a page read its own notes only, even when it claims another site’s canonical URL', async () => {
    const { svc } = service();
    await svc.handle({ type: 'note:save', draft: draft() }, fromPageScript);
    const evil = { id: EXT.extensionId, url: 'https://evil.example/page', tab: { id: 4 } };
    expect(await svc.handle({ type: 'notes:forPage', canonical: 'https://news.example/world/article-1' }, evil)).toEqual({ notes: [] });
  });

  it('rejects malformed and oversized messages with a clear reason, saving nothing', async () => {
    const { svc, store } = service();
    const tooLong = draft({ quote: { exact: 'x'.repeat(5001), prefix: '', suffix: '' } });
    const r = await svc.handle({ type: 'note:save', draft: tooLong }, fromPageScript);
    expect(r).toMatchObject({ ok: false, reason: 'invalid' });
    expect((r as { message: string }).message).toMatch(/5000 characters/);
    expect(await svc.handle({ type: 'note:save', draft: { ...draft(), extra: 1 } }, fromPageScript)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await svc.handle({ type: 'note:save', draft: draft({ tags: Array(21).fill('t') }) }, fromPageScript)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await svc.handle({ type: 'note:save', draft: draft({ position: { start: 9, end: 3 } }) }, fromPageScript)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await svc.handle({ type: 'note:save', draft: { ...draft(), page: { ...draft().page, url: 'javascript:alert(1)' } } }, fromPageScript)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await store.count()).toBe(0);
  });

  it('ignores messages from other extensions and message types it does not own', async () => {
    const { svc, store } = service();
    expect(await svc.handle({ type: 'note:save', draft: draft() }, { ...fromPageScript, id: 'someone-else' })).toBeUndefined();
    expect(await svc.handle({ type: 'cards:get', ids: ['ca'] }, fromPageScript)).toBeUndefined();
    expect(await svc.handle('not even an object', fromPageScript)).toBeUndefined();
    expect(await store.count()).toBe(0);
  });

  it('lets the popup save a passage of the page it shows', async () => {
    const { svc } = service();
    expect(await svc.handle({ type: 'note:save', draft: draft() }, fromPopup)).toMatchObject({ ok: true });
  });

  it('records anchor results only for the sender’s own notes', async () => {
    const { svc, store } = service();
    const saved = (await svc.handle({ type: 'note:save', draft: draft() }, fromPageScript)) as { note: { id: string } };
    const foreign = '11111111-2222-4333-8444-555555555555';
    const r = await svc.handle({ type: 'notes:anchors', results: [{ id: saved.note.id, status: 'orphan' }, { id: foreign, status: 'found' }] }, fromPageScript);
    expect(r).toEqual({ ok: false });
    expect((await store.get(saved.note.id))!.anchor?.status).toBe('orphan');
  });
});
