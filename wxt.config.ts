import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { yamlData } from './scripts/vite-yaml';

// See DEVELOPERS.md for the layout; design decisions are in the module headers.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  imports: false,
  vite: () => ({
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false }), yamlData()],
    build: { target: 'es2022', sourcemap: false, minify: process.env.DOSSIER_NO_MINIFY ? false : true },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: the pause switch and the per-site list.
    permissions: ['storage'],
    action: { default_title: '__MSG_extName__' },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
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
