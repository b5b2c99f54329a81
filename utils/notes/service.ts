/**
 * The background's side of notes: validates what pages send, checks who sent it, and
 * talks to the store. A content script may save a passage of its own page and read or
 * update the status of that page's notes, nothing more; extension pages (popup, options)
 * use the store directly.
 */
import { checkBackgroundRequest, fromExtensionPage, type BackgroundResponses, type SaveFailure, type SenderInfo } from '../messaging';
import { cleanUrl, pageKey, pageKeysFor, sameSite } from './page-url';
import { NotesError, type NotesStore } from './store';

export interface ServiceContext {
  extensionId: string;
  /** e.g. chrome-extension://<id>/ */
  extensionOrigin: string;
}

type NoteResponse = BackgroundResponses['note:save'] | BackgroundResponses['notes:forPage'] | BackgroundResponses['notes:anchors'];

function failure(reason: SaveFailure, message: string): BackgroundResponses['note:save'] {
  return { ok: false, reason, message };
}

export class NoteService {
  constructor(
    private readonly store: NotesStore,
    private readonly ctx: ServiceContext,
  ) {}

  /** Handles note messages; undefined for anything else (other handlers may answer). */
  async handle(message: unknown, sender: SenderInfo): Promise<NoteResponse | undefined> {
    const type = (message as { type?: unknown } | null)?.type;
    if (type !== 'note:save' && type !== 'notes:forPage' && type !== 'notes:anchors') return undefined;
    if (sender.id !== this.ctx.extensionId) return undefined;
    const fromPage = fromExtensionPage(sender, this.ctx.extensionId, this.ctx.extensionOrigin);
    const senderUrl = sender.url ?? '';
    const checked = checkBackgroundRequest(message);
    if (!checked.ok) return type === 'note:save' ? failure('invalid', checked.problem) : undefined;
    const req = checked.request;

    if (req.type === 'note:save') {
      if (!fromPage) {
        // A content script saves for its own page only.
        if (pageKey(req.draft.page.visitedUrl) !== pageKey(senderUrl)) return failure('not-allowed', 'a page can only save passages of itself');
        if (!sameSite(req.draft.page.url, senderUrl)) return failure('not-allowed', 'the canonical URL is on another site');
      }
      // URLs are stored without tracking parameters or fragment (cleaned here, not in the
      // content script, which runs on every page and is kept small).
      const page = { ...req.draft.page, url: cleanUrl(req.draft.page.url), visitedUrl: cleanUrl(req.draft.page.visitedUrl) };
      try {
        return { ok: true, note: await this.store.add({ ...req.draft, page }) };
      } catch (err) {
        const e = err instanceof NotesError ? err : new NotesError('failed', String(err));
        return failure(e.reason === 'not-found' ? 'failed' : e.reason, e.message);
      }
    }

    // Reading and updating a page's notes: content scripts, for their own page.
    if (req.type === 'cards:get' || req.type === 'kb:tables' || fromPage || !/^https?:/.test(senderUrl)) return undefined;
    const keys = pageKeysFor(senderUrl, req.canonical);
    const notes = await this.store.forPage(keys);
    if (req.type === 'notes:forPage') return { notes };
    const own = new Set(notes.map((n) => n.id));
    const results = req.results.filter((r) => own.has(r.id));
    await this.store.setAnchors(results);
    return { ok: results.length === req.results.length };
  }
}
