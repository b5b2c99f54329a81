/**
 * The UI's strings, in English and French (locales/en.yml, locales/fr.yml, bundled), for
 * the extension's pages and the background. The content script has its own, smaller
 * tables (utils/i18n-in-page.ts).
 *
 * Why not browser.i18n alone: it cannot switch language (the options page lets readers
 * choose), and in some set-ups it answers in one language while getUILanguage() reports
 * another, which would mix an English card frame with French knowledge-base text. The
 * manifest's name and description still go through _locales (the @wxt-dev/i18n module).
 */
import en from '../locales/en.yml';
import fr from '../locales/fr.yml';
import { translatorOver, type Lang, type Messages, type Translate } from './i18n-core';

export { resolveLang, type Lang, type Translate } from './i18n-core';

const TABLES: Record<Lang, Messages> = { en: en as Messages, fr: fr as Messages };

/** A translator for one language; falls back to English, then to the key itself. */
export function translator(lang: Lang): Translate {
  return translatorOver(TABLES, lang);
}
