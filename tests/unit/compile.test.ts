import { describe, expect, it } from 'vitest';
import { editorialChecks } from '../../utils/kb/check';
import { KbError } from '../../utils/kb/compile';
import { AliasFlag } from '../../utils/kb/types';
import { PERSON, compileTestKb } from './helpers';

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof KbError) return err.message;
    throw err;
  }
  throw new Error('expected the knowledge base to be rejected');
}

describe('knowledge-base compiler', () => {
  it('names the file and the id of an invalid entry', () => {
    const msg = problemsOf(() =>
      compileTestKb({
        actors: `
- id: bad-entry
  kind: wizard
  name: Someone
  description: { en: "x", fr: "" }
  checked: 2025-06-01`,
      }),
    );
    expect(msg).toContain('test.yml [bad-entry]');
    expect(msg).toMatch(/kind/);
    expect(msg).toMatch(/description\.fr/);
  });

  it('rejects malformed dates, ids and unknown fields', () => {
    const msg = problemsOf(() =>
      compileTestKb({
        actors: `
- id: Bad_Id
  kind: person
  name: X Y
  description: { en: "A.", fr: "B." }
  roles: [{ title: { en: T, fr: T }, from: "June 2020" }]
  nickname: oops
  checked: 2025-06-01`,
      }),
    );
    expect(msg).toMatch(/ids are lower-case/);
    expect(msg).toMatch(/roles\.0\.from/);
    expect(msg).toMatch(/nickname/);
  });

  it('rejects duplicate ids, dangling references and names that can never match', () => {
    const msg = problemsOf(() =>
      compileTestKb({
        countries: ['ca'],
        actors: `${PERSON('a-person', 'A Person', '  relations: [{ type: member-of, target: no-such-party }]')}
${PERSON('a-person', 'Another Person')}
${PERSON('b-person', 'B Person', '  aliases: { en: ["B: the person"] }')}
${PERSON('c-person', 'C Person', '  roles: [{ title: { en: T, fr: T }, of: ca, from: 2020-01-01, to: 2019-01-01 }]')}`,
      }),
    );
    expect(msg).toContain('[a-person]: duplicate id');
    expect(msg).toContain('"no-such-party" is not in the knowledge base');
    expect(msg).toContain('punctuation that ends a name');
    expect(msg).toContain('ends before it starts');
  });

  it('rejects two-letter ids and hand-written countries', () => {
    const msg = problemsOf(() => compileTestKb({ actors: PERSON('xx', 'Xx Person') }));
    expect(msg).toContain('reserved for countries');
  });

  it('generates countries with French names, demonyms, capitals and memberships', () => {
    const kb = compileTestKb({
      countries: ['ca', 'us', 'fi'],
      actors: `
- id: nato
  kind: alliance
  name: NATO
  members: [ca, us, { id: fi, from: 2023-04-04 }]
  description: { en: "An alliance.", fr: "Une alliance." }
  checked: 2025-06-01`,
    });
    const ca = kb.cards['ca']!;
    expect(ca.name).toEqual({ en: 'Canada', fr: 'Canada' });
    expect(ca.flag).toBe('🇨🇦');
    expect(ca.capital).toBe('Ottawa');
    expect(ca.memberships.map((m) => m.id)).toEqual(['nato']);
    expect(kb.cards['fi']!.memberships[0]).toMatchObject({ id: 'nato', from: '2023-04-04' });
    expect(kb.cards['us']!.name.fr).toBe('États-Unis');
    const texts = kb.index.aliases.map(([t]) => t);
    expect(texts).toEqual(expect.arrayContaining(['Canadian', 'Canadians', 'Ottawa', 'Canadien', 'Finlande']));
  });

  it('flags acronyms that are words and one-word French aliases', () => {
    const kb = compileTestKb({
      countries: ['us', 'fr'],
      overrides: `- { id: us, aliases: { en: [US] } }`,
    });
    const flagsOf = (text: string) => kb.index.aliases.find(([t]) => t === text)![1];
    expect(flagsOf('US') & AliasFlag.WordAcronym).toBeTruthy();
    expect(flagsOf('États-Unis') & AliasFlag.FrenchOnly).toBeFalsy();
    expect(flagsOf('Française') & AliasFlag.FrenchOnly).toBeTruthy();
    expect(flagsOf('Française') & AliasFlag.CaseAny).toBeTruthy();
  });

  it('warns about an alias shared without a rule to choose', () => {
    const kb = compileTestKb({
      actors: `${PERSON('one-smith', 'One Smith', '  aliases: { en: [Agent Smith] }')}
${PERSON('two-smith', 'Two Smith', '  aliases: { en: [Agent Smith] }')}`,
    });
    expect(kb.warnings.map((w) => w.message).join()).toContain('no default or context');
  });
});

describe('editorial checks', () => {
  it('finds overlapping holders of one office and descriptions that only repeat a name', () => {
    const kb = compileTestKb({
      countries: ['ca'],
      actors: `
${PERSON('first-minister', 'First Minister', '  roles: [{ title: { en: Minister of Foreign Affairs, fr: ministre }, of: ca, from: 2019-01-01, to: 2021-06-01 }]')}
${PERSON('second-minister', 'Second Minister', '  roles: [{ title: { en: Minister of Foreign Affairs, fr: ministre }, of: ca, from: 2021-01-01 }]')}
${PERSON('third-minister', 'Third Minister', '  roles: [{ title: { en: Minister of Foreign Affairs, fr: ministre }, of: ca, from: 2018-01-01, to: 2019-01-01 }]')}
- id: lazy-entry
  kind: agency
  name: Lazy Agency
  description: { en: "Lazy Agency", fr: "Une agence." }
  checked: 2025-06-01`,
    });
    const msgs = editorialChecks(kb).map((p) => `${p.id}: ${p.message}`);
    expect(msgs.some((m) => m.startsWith('second-minister') && m.includes('overlaps first-minister'))).toBe(true);
    expect(msgs.some((m) => m.includes('third-minister'))).toBe(false); // hand-over on the same day
    expect(msgs).toContain('lazy-entry: description.en only repeats a name');
  });
});

describe('possessive aliases', () => {
  it('drops an alias starting with another entity in the possessive, keeps the adjective form', () => {
    const kb = compileTestKb({
      countries: ['jp'],
      actors: `
- id: japan-mofa
  kind: agency
  name: Ministry of Foreign Affairs of Japan
  aliases: { en: [Japanese Foreign Ministry, "Japan's Foreign Ministry"] }
  description: { en: "A ministry.", fr: "Un ministère." }
  checked: 2025-06-01
- id: prime-ministers-office
  kind: agency
  name: "Prime Minister's Office"
  description: { en: "An office.", fr: "Un bureau." }
  checked: 2025-06-01`,
    });
    const texts = kb.index.aliases.map(([t]) => t);
    expect(texts).toContain('Japanese Foreign Ministry');
    expect(texts).not.toContain("Japan's Foreign Ministry");
    expect(texts).toContain("Prime Minister's Office"); // "Prime Minister" is no entity of its own
  });
});
