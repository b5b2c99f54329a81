/**
 * Looking up UI strings in tables of messages: the part of i18n shared by the extension's
 * pages (every string, utils/i18n.ts) and the content script (only what it shows on a
 * page, utils/i18n-in-page.ts).
 *
 * Messages use $1..$9 for substitutions; a message may be an object of plural forms
 * keyed by "0", "1" and "n".
 */
export type Lang = 'en' | 'fr';
export type Messages = { [key: string]: string | Messages };
export type Translate = (key: string, subs?: readonly (string | number)[]) => string;

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

/** A translator for one language over these tables; falls back to English, then to the key itself. */
export function translatorOver(tables: Record<Lang, Messages>, lang: Lang): Translate {
  return (key, subs = []) => {
    const found = lookup(tables[lang], key) ?? lookup(tables.en, key);
    if (found === undefined) return key;
    if (typeof found === 'string') return substitute(found, subs);
    // Plural forms: the first substitution is the count.
    const n = Number(subs[0] ?? 0);
    const form = (n === 0 && found['0']) || (n === 1 && found['1']) || found['n'];
    return typeof form === 'string' ? substitute(form, subs) : key;
  };
}
