import { describe, expect, it } from 'vitest';
import { foldedTokenText } from '../../utils/match/alias-words';
import { CharClass, charClass, foldString } from '../../utils/match/chars';
import { Gap, TokenFlag, Tokens, tokenize } from '../../utils/match/tokenize';

function words(text: string): string[] {
  const t = new Tokens(4); // small on purpose: exercises growth
  const n = tokenize(text, t);
  return Array.from({ length: n }, (_, i) => foldedTokenText(text, t, i));
}

function tokens(text: string) {
  const t = new Tokens();
  const n = tokenize(text, t);
  return Array.from({ length: n }, (_, i) => ({
    text: text.slice(t.start[i], t.end[i]),
    flags: t.flags[i]!,
    gap: t.gap[i]!,
    split: t.flags[i]! & TokenFlag.Split ? text.slice(t.split[i], t.end[i]) : undefined,
  }));
}

describe('tokenize', () => {
  it('folds case and diacritics', () => {
    expect(words('Mélanie JOLY')).toEqual(['melanie', 'joly']);
    expect(foldString('Québec Ñandú Øresund Łódź')).toBe('quebec nandu oresund lodz');
  });

  it('ignores combining marks, soft hyphens and zero-width joiners inside a word', () => {
    expect(words('Me\u0301lanie')).toEqual(['melanie']);
    expect(words('Can\u00ADada')).toEqual(['canada']);
    expect(words('Tai\u200Dwan')).toEqual(['taiwan']);
  });

  it('drops possessives with straight and curly apostrophes', () => {
    expect(tokens("Canada's plan").map((t) => t.text)).toEqual(['Canada', 'plan']);
    expect(tokens('Canada’s plan').map((t) => t.text)).toEqual(['Canada', 'plan']);
    expect(tokens('CANADA’S plan').map((t) => t.text)).toEqual(['CANADA', 'plan']);
  });

  it('keeps an apostrophe between letters and elides French articles', () => {
    expect(words("Erin O'Toole")).toEqual(['erin', "o'toole"]);
    expect(words('l’Inde et d’Ottawa, qu’Ottawa')).toEqual(['inde', 'et', 'ottawa', 'ottawa']);
    expect(tokens("L'OTAN")[0]!.text).toBe('OTAN');
  });

  it('reads dotted acronyms as one word', () => {
    const t = tokens('the U.S. and the U.K., and U.S.A');
    expect(t.map((x) => x.text)).toEqual(['the', 'U.S.', 'and', 'the', 'U.K.', 'and', 'U.S.A']);
    expect(words('U.S.')).toEqual(['us']);
    expect(t[1]!.flags & TokenFlag.Dotted).toBeTruthy();
    expect(t[1]!.flags & TokenFlag.AllCaps).toBeTruthy();
  });

  it('treats every kind of space and dash as a plain gap, and records periods and commas', () => {
    const t = tokens('Indo\u2011Pacific\u00A0Strategy, St. John\u2014OTTAWA');
    expect(t.map((x) => x.text)).toEqual(['Indo', 'Pacific', 'Strategy', 'St', 'John', 'OTTAWA']);
    expect(t.map((x) => x.gap)).toEqual([Gap.Break, Gap.Plain, Gap.Plain, Gap.Comma, Gap.Period, Gap.Plain]);
  });

  it('records the gap after a possessive, which only a name written with one crosses', () => {
    expect(tokens("Canada's Border Services, Canada’s. Japan").map((t) => t.gap)).toEqual([Gap.Break, Gap.Possessive, Gap.Plain, Gap.Comma, Gap.Break]);
  });

  it('breaks names at other punctuation', () => {
    expect(tokens('Five (Eyes)').map((t) => t.gap)).toEqual([Gap.Break, Gap.Break]);
    expect(tokens('Five: Eyes').map((t) => t.gap)).toEqual([Gap.Break, Gap.Break]);
  });

  it('marks capitals and all-capitals words', () => {
    const [a, b, c, d, e] = tokens('China NATO china G7 I');
    expect(a!.flags & TokenFlag.Cap && !(a!.flags & TokenFlag.AllCaps)).toBeTruthy();
    expect(b!.flags & TokenFlag.AllCaps).toBeTruthy();
    expect(c!.flags & TokenFlag.Cap).toBeFalsy();
    expect(d!.flags & TokenFlag.AllCaps).toBeTruthy();
    expect(e!.flags & TokenFlag.AllCaps).toBeFalsy();
  });

  it('records where a glued word splits, but not inside surnames', () => {
    expect(tokens('ReportSouth Korea')[0]!.split).toBe('South');
    expect(tokens('2024Canada')[0]!.split).toBe('Canada');
    for (const name of ['MacLeod', 'McDonald', 'LeBlanc', 'DeSantis', 'iPhone', 'VanDusen', 'FitzGerald']) {
      expect(tokens(name)[0]!.split, name).toBeUndefined();
    }
  });

  it('never starts or ends a word inside another word', () => {
    expect(words('Indiana Ottawan')).toEqual(['indiana', 'ottawan']);
    expect(words('Кремль said')).toEqual(['кремль', 'said']);
  });

  it('handles text ranges and empty input', () => {
    expect(words('')).toEqual([]);
    const t = new Tokens();
    expect(tokenize('xx Canada yy', t, 3, 9)).toBe(1);
    expect(t.start[0]).toBe(3);
  });
});

describe('character classes', () => {
  it('classifies General Punctuation without regexes as the Unicode properties would', () => {
    // The oracle: what the general path decides from Unicode properties.
    const oracle = (c: number): number => {
      const ch = String.fromCharCode(c);
      if ([0x2018, 0x2019, 0x2032].includes(c)) return CharClass.Apostrophe;
      if ([0x200c, 0x200d, 0x2060].includes(c)) return CharClass.Ignorable;
      if (/\s/u.test(ch) || c === 0x200b) return CharClass.Space;
      if (/\p{Pd}/u.test(ch)) return CharClass.Dash;
      if (/\p{L}|\p{M}|\p{Nd}/u.test(ch)) throw new Error(`unexpected letter, mark or digit ${c.toString(16)}`);
      return CharClass.Other;
    };
    for (let c = 0x2000; c <= 0x206f; c++) expect([c.toString(16), charClass(c)]).toEqual([c.toString(16), oracle(c)]);
    expect(words('Canada\u2014Japan \u201cChina\u201d\u2026')).toEqual(['canada', 'japan', 'china']);
  });
});
