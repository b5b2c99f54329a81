import { describe, expect, it } from 'vitest';
import { formatDay, formatMonth } from '../../components/card-dates';
import { translator } from '../../utils/i18n-in-page';

describe('dates on cards (without Intl)', () => {
  const en = translator('en');
  const fr = translator('fr');

  it('writes a month and year as Intl would, in English and French', () => {
    for (const [date, lang] of [
      ['2023-11', 'en'],
      ['2025-06-01', 'en'],
      ['2021-01-15', 'fr'],
      ['2019-08', 'fr'],
      ['2024-02', 'fr'],
    ] as const) {
      const intl = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date.slice(0, 7)}-01T00:00:00Z`));
      expect(formatMonth(date, lang === 'fr' ? fr : en), date).toBe(intl);
    }
  });

  it('keeps a bare year, and a date it cannot read as its year', () => {
    expect(formatMonth('2015', en)).toBe('2015');
    expect(formatMonth('2015-13', en)).toBe('2015');
  });

  it('writes the day a note was saved, with "1er" in French', () => {
    expect(formatDay('2026-11-24T15:00:00', en)).toBe('November 24, 2026');
    expect(formatDay('2026-11-24T15:00:00', fr)).toBe('24 novembre 2026');
    expect(formatDay('2026-08-01T12:00:00', fr)).toBe('1er août 2026');
    expect(formatDay('not a date', en)).toBe('not a date');
  });
});
