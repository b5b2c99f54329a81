/**
 * The UI's strings, in English and French (locales/en.yml, locales/fr.yml, bundled).
 *
 * Why not browser.i18n alone: it cannot switch language (the options page lets readers
 * choose), and in some set-ups it answers in one language while getUILanguage() reports
 * another, which would mix an English card frame with French knowledge-base text. The
 * manifest's name and description still go through _locales (the @wxt-dev/i18n module).
 *
 * Messages use $1..$9 for substitutions; a message may be an object of plural forms
 * keyed by "0", "1" and "n".
 */
import en from '../locales/en.yml';
import fr from '../locales/fr.yml';

export type Lang = 'en' | 'fr';
type Messages = { [key: string]: string | Messages };

const TABLES: Record<Lang, Messages> = { en: en as Messages, fr: fr as Messages };

/** English or French, from a setting ("auto" follows the browser) and the browser's language. */
export function resolveLang(setting: string | undefined, browserLanguage: string): Lang {
  if (setting === 'en' || setting === 'fr') return setting;
  return browserLanguage.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

function lookup(table: Messages, key: string): string | Messages | undefined {
  let node: string | Messages | undefined = table;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return node;
}

function substitute(message: string, subs: readonly (string | number)[]): string {
  return message.replace(/\$(\$|[1-9])/g, (all, d: string) => (d === '$' ? '$' : String(subs[Number(d) - 1] ?? all)));
}

export type Translate = (key: string, subs?: readonly (string | number)[]) => string;

/** A translator for one language; falls back to English, then to the key itself. */
export function translator(lang: Lang): Translate {
  return (key, subs = []) => {
    const found = lookup(TABLES[lang], key) ?? lookup(TABLES.en, key);
    if (found === undefined) return key;
    if (typeof found === 'string') return substitute(found, subs);
    // Plural forms: the first substitution is the count.
    const n = Number(subs[0] ?? 0);
    const form = (n === 0 && found['0']) || (n === 1 && found['1']) || found['n'];
    return typeof form === 'string' ? substitute(form, subs) : key;
  };
}
