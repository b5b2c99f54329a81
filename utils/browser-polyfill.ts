/**
 * `webextension-polyfill` as every build imports it (wxt.config.ts aliases the package
 * here), loaded only where it does something.
 *
 * The polyfill hands back the browser's own `browser` object wherever there is one with
 * a runtime (Firefox, and the Chromium we test); elsewhere it wraps `chrome`. Bundled as a
 * CommonJS module behind an ES import, it cost the content script 3-5 ms of its start task
 * at 4x CPU throttle on every page even so: the bundler's interop copies every property of
 * the object it returns, which makes Chromium build each of its lazily made APIs (a CPU
 * profile shows them all instantiated there). So the native object is taken as is, and the
 * polyfill is required, and wraps `chrome` as before, only when there is none.
 */
declare const require: (id: string) => unknown;

const native = (globalThis as { browser?: { runtime?: { id?: string } } }).browser;

export default native?.runtime?.id ? native : require('webextension-polyfill/dist/browser-polyfill.js');
