/**
 * The language of an extension page (popup, options), chosen from the settings once they
 * are read, for every component below it.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { translator, type Lang, type Translate } from '../utils/i18n';

export interface I18n {
  lang: Lang;
  t: Translate;
}

export const I18nContext = createContext<I18n>({ lang: 'en', t: translator('en') });

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** Dates as a reader of the language writes them ("24 Nov 2026", "24 nov. 2026"). */
export function formatDate(iso: string, lang: Lang, style: 'medium' | 'long' = 'medium'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: style }).format(d);
}
