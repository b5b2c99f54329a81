/**
 * The strings the content script shows on a page (cards, the selection toolbar, a saved
 * passage's note): only the sections of locales/*.yml it uses, picked at build time by
 * the yaml plugin's `?sections=` query. The content script runs on every page the reader
 * opens, and the popup's, backup's and options' strings in two languages were a fifth of
 * its size. tests/unit/i18n.test.ts checks that every key the in-page code uses is here.
 */
import en from '../locales/en.yml?sections=kind,card,snippet';
import fr from '../locales/fr.yml?sections=kind,card,snippet';
import { translatorOver, type Lang, type Messages, type Translate } from './i18n-core';

export { resolveLang, type Lang, type Translate } from './i18n-core';

export const IN_PAGE_SECTIONS = ['kind', 'card', 'snippet'] as const;

const TABLES: Record<Lang, Messages> = { en: en as Messages, fr: fr as Messages };

export function translator(lang: Lang): Translate {
  return translatorOver(TABLES, lang);
}
