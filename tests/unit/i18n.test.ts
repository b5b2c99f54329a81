import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../locales/en.yml';
import fr from '../../locales/fr.yml';
import { resolveLang, translator } from '../../utils/i18n';
import { IN_PAGE_SECTIONS, translator as inPage } from '../../utils/i18n-in-page';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('i18n', () => {
  it('has every English string in French too, and nothing else', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort());
  });

  it('uses only keys the browser accepts in _locales (letters, digits, "_"; dots nest)', () => {
    for (const k of keys(en)) expect(k, k).toMatch(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/);
  });

  it('substitutes and picks plural forms', () => {
    const t = translator('en');
    expect(t('card.capitalOf', ['Ottawa', 'Canada'])).toBe('“Ottawa” is the capital of Canada; here it stands for its government.');
    expect(t('popup.mentions', [1])).toBe('1 mention');
    expect(t('popup.mentions', [3])).toBe('3 mentions');
    expect(translator('fr')('popup.mentions', [3])).toBe('3 mentions');
    expect(translator('fr')('card.close')).toBe('Fermer');
  });

  it('falls back to the key for an unknown string', () => {
    expect(translator('fr')('no.such.key')).toBe('no.such.key');
  });

  it('follows the browser unless the reader chose a language', () => {
    expect(resolveLang('auto', 'fr-CA')).toBe('fr');
    expect(resolveLang('auto', 'en-GB')).toBe('en');
    expect(resolveLang('en', 'fr-CA')).toBe('en');
    expect(resolveLang(undefined, 'de')).toBe('en');
  });
});

describe('the content script’s strings', () => {
  // Every file the content script renders text from (its own, and the components it shows).
  const dir = join(__dirname, '../..');
  const files = [
    ...readdirSync(join(dir, 'entrypoints/content')).map((f) => `entrypoints/content/${f}`),
    'components/Card.tsx',
    'components/NoteCard.tsx',
    'components/SelectionToolbar.tsx',
    'components/Flag.tsx',
  ];
  const sections = new Set(Object.keys(en as object));
  const used = files.flatMap((f) =>
    [...readFileSync(join(dir, f), 'utf8').matchAll(/[`'"]([a-zA-Z]+)\.([a-zA-Z_.]*(\$\{)?)/g)]
      .filter((m) => sections.has(m[1]!))
      .map((m) => ({ file: f, key: `${m[1]}.${m[2]}`, template: m[3] !== undefined })),
  );

  it('finds the keys it checks (the scan itself works)', () => {
    expect(used.some((u) => u.key === 'card.close')).toBe(true);
    expect(used.some((u) => u.template && u.key.startsWith('kind.'))).toBe(true);
  });

  it('are all in the tables the content script carries, in both languages', () => {
    for (const { file, key, template } of used) {
      expect(IN_PAGE_SECTIONS as readonly string[], `${file}: ${key}`).toContain(key.split('.')[0]);
      if (template) continue;
      for (const lang of ['en', 'fr'] as const) expect(inPage(lang)(key), `${file}: ${key} (${lang})`).not.toBe(key);
    }
  });

  it('leave out the popup’s and the options page’s', () => {
    expect(inPage('en')('options.heading')).toBe('options.heading');
    expect(inPage('fr')('card.close')).toBe(translator('fr')('card.close'));
  });
});
