/**
 * A Vite plugin that ships the content script as an ES module behind a small loader.
 *
 * Why: a content script declared in the manifest is compiled and run on the page's main
 * thread in one task (Chromium says "not streamed: inline script", and it keeps no code
 * cache for it). Ours is some 170 KB, and that task was 120-200 ms at 4x CPU throttle,
 * 36-48 ms at 1x, on every page the reader opens: the longest task we caused. A module
 * loaded with `import()` is parsed on a background thread (V8's streaming compiler), so
 * the page's thread only runs the loader and the module's top level (measured in
 * Chromium 156 at 4x: the script's compile, 30-50 ms on the page's thread, became 19-20 ms
 * on a worker thread). The bundle is built as an ES module (`outputOptions` below), not an
 * IIFE: V8 compiles a module's top level eagerly off the thread, but an IIFE inside it
 * only when called, on the page's thread.
 *
 * How: WXT bundles the content script as an IIFE; this plugin has it bundled as an ES
 * module instead, writes that to `CONTENT_MODULE_PATH` and puts the loader where the
 * manifest points. (`globalName: false` in the content script's definition keeps WXT
 * from adding a line that reads the IIFE's global name.) The module is a
 * web-accessible resource behind Chromium's per-session random address (wxt.config.ts),
 * and content scripts may import it whatever the page's CSP says (an isolated world has
 * its own). Firefox runs a module imported by a content script in the content script's
 * sandbox, as Chromium does in its isolated world.
 */
import type { Plugin } from 'vite';
import { START_MEASURE } from '../utils/page/slices';

/** Where the content script's bundle goes (a web-accessible resource). */
export const CONTENT_MODULE_PATH = 'content-scripts/content-main.js';
const CONTENT_SCRIPT_PATH = 'content-scripts/content.js';

/**
 * `chrome` exists in content scripts of both browsers. A failed import (the extension was
 * updated under the page) leaves the page as it was; the console says why. The import is
 * in a task of its own: with the extension API's first use (`getURL`, which makes
 * Chromium build its API objects) it was one task of 9-18 ms at 4x CPU throttle, and
 * 5-7 and 5-8 ms apart (12 loads of six corpus pages). Both tasks are measured
 * (`dossier:start`, detail "loader" and "import"; the module measures its own).
 */
const LOADER = `{
const t = performance.now();
const url = chrome.runtime.getURL(${JSON.stringify('/' + CONTENT_MODULE_PATH)});
performance.measure(${JSON.stringify(START_MEASURE)}, { start: t, end: performance.now(), detail: 'loader' });
setTimeout(() => {
  const t = performance.now();
  import(url).catch((e) => console.error('Dossier: the page script did not load', e));
  performance.measure(${JSON.stringify(START_MEASURE)}, { start: t, end: performance.now(), detail: 'import' });
});
}
`;

/**
 * V8's explicit compile hint (Chromium 136+; a plain comment elsewhere): compile every
 * function of the file with the file, which for a module is on the background thread.
 * Otherwise V8 compiles each function on its first call, on the page's thread, inside our
 * slices: 3-12 ms of a 4x slice was that. Measured at 4x on six corpus pages (24 loads
 * each, builds interleaved): ready 357 -> 328 ms (median), all our work up to ready
 * 209 -> 185 ms; the cost is bytecode for functions that may never run, 0.13 MB of heap
 * per page. (Firefox compiles on first call, as before. Its add-on linter may flag the
 * loader's import of a computed URL: the URL is our own file's.)
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

export function contentScriptAsModule(): Plugin {
  return {
    name: 'dossier-content-script-as-module',
    enforce: 'post',
    outputOptions(options) {
      if (options.entryFileNames !== CONTENT_SCRIPT_PATH) return null;
      return { ...options, format: 'es' };
    },
    generateBundle: {
      order: 'post',
      handler(options, bundle) {
        const chunk = bundle[CONTENT_SCRIPT_PATH];
        if (!chunk) return; // another entrypoint group
        // Fail the build rather than ship a module that cannot run: one that imports chunks
        // (not web-accessible), or WXT's footer reading the IIFE's global name.
        if (chunk.type !== 'chunk' || options.format !== 'es' || chunk.imports.length > 0 || chunk.dynamicImports.length > 0) {
          throw new Error(`${CONTENT_SCRIPT_PATH}: expected one self-contained ES module chunk to ship behind the loader`);
        }
        if (/\n[\w$]+;\s*$/.test(chunk.code)) throw new Error(`${CONTENT_SCRIPT_PATH}: a global-name footer was added (set globalName: false)`);
        this.emitFile({ type: 'asset', fileName: CONTENT_MODULE_PATH, source: COMPILE_HINT + chunk.code });
        chunk.code = LOADER;
      },
    },
  };
}
