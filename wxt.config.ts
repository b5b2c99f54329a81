import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { yamlData } from './scripts/vite-yaml';
import { tightCss } from './scripts/vite-css-text';
import { CONTENT_MODULE_PATH, contentScriptAsModule } from './scripts/vite-content-module';

// See DEVELOPERS.md for the layout; design decisions are in the module headers.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  imports: false,
  vite: () => ({
    // The content script's context is ours, not WXT's: see entrypoints/content/context.ts.
    resolve: {
      alias: [
        { find: /^wxt\/utils\/content-script-context$/, replacement: resolve(import.meta.dirname, 'entrypoints/content/context.ts') },
        // The polyfill, loaded only where the browser has no `browser` of its own: see there.
        { find: /^webextension-polyfill$/, replacement: resolve(import.meta.dirname, 'utils/browser-polyfill.ts') },
      ],
    },
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false }), yamlData(), tightCss(), contentScriptAsModule()],
    build: { target: 'es2022', sourcemap: false, minify: process.env.DOSSIER_NO_MINIFY ? false : true },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings. contextMenus: "Save snippet to Dossier" on a selection.
    // unlimitedStorage: not for size (10,000 notes are a few MB) but for safety. Without it
    // an extension's IndexedDB is "best-effort" storage that the browser may evict under
    // disk pressure: navigator.storage.persist() is not exposed in the service worker and
    // is refused on extension pages (measured in Chromium 156: persisted() stays false).
    // With it, Chromium exempts the extension's storage from eviction (its quota becomes
    // unlimited; persisted() still says false) and Firefox grants it persistent storage.
    permissions: ['storage', 'contextMenus', 'unlimitedStorage'],
    commands: {
      'save-snippet': { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_command_save__' },
    },
    action: { default_title: '__MSG_extName__' },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    // The content script's module (scripts/vite-content-module.ts) and the alias index's
    // tables (utils/kb-tables.ts), both read by the content script. Behind a per-session
    // random address in Chromium, so no page can probe for Dossier with them.
    web_accessible_resources: [{ resources: [CONTENT_MODULE_PATH, 'kb/index.bin'], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true }],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: { id: 'dossier@example.org', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      },
    }),
  }),
});
