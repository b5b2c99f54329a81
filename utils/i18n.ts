/**
 * The UI's strings (locales/en.yml, locales/fr.yml) through @wxt-dev/i18n, which reads
 * them with browser.i18n. Imported from here rather than from WXT's generated `#i18n`
 * module, which does not exist yet when `wxt prepare` first loads the entrypoints on a
 * fresh checkout (the types come from the generated file; the code does not need it).
 */
import { createI18n } from '@wxt-dev/i18n';
import type { GeneratedI18nStructure } from '../.wxt/i18n/structure';

export const i18n = createI18n<GeneratedI18nStructure>();
