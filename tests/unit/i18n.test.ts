import { describe, expect, it } from 'vitest';
import en from '../../locales/en.yml';
import fr from '../../locales/fr.yml';
import { resolveLang, translator } from '../../utils/i18n';

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
