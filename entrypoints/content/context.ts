/**
 * The content script's context: whether the extension that injected it is still there.
 * Stands in for WXT's `ContentScriptContext` (wxt.config.ts aliases it for WXT's entry
 * wrapper, which creates one and hands it to `main`).
 *
 * Why not WXT's: at start it dispatches a DOM event on the page's document whose type
 * holds our extension id (and, unless told not to, posts the page a message with it). A
 * page that knows Dossier's id, which is public, could listen for that event and learn
 * that Dossier is installed, which the per-session random address of our files is meant
 * to prevent. The event lets a newer copy of a content script stop an older one in the
 * same page; Chromium does not inject content scripts into open pages when an extension
 * is updated or reloaded, so the older copy only has to notice that its extension is gone
 * (`isInvalid`), as this does.
 */
import { browser } from 'wxt/browser';

export class ContentScriptContext {
  readonly #controller = new AbortController();

  // (WXT's entry wrapper passes the script's name and options; nothing here needs them.)
  constructor(..._unused: unknown[]) {}

  /** True once the extension was updated, reloaded or removed under this page. */
  get isInvalid(): boolean {
    if (!this.#controller.signal.aborted && browser.runtime?.id == null) this.#controller.abort();
    return this.#controller.signal.aborted;
  }

  /** Calls `cb` once the context is found invalid; returns a function that cancels it. */
  onInvalidated(cb: () => void): () => void {
    this.#controller.signal.addEventListener('abort', cb, { once: true });
    return () => this.#controller.signal.removeEventListener('abort', cb);
  }
}
