import { describe, expect, it, vi } from 'vitest';
import { PERSON, marks, testIndex } from './helpers';

const COUNTRIES = ['ca', 'us', 'cn', 'kr', 'kp', 'gb', 'pg', 'gn', 'mx', 'jo', 'ge', 'tw', 'in', 'fr'];
const OVERRIDES = `
- { id: us, aliases: { en: [U.S., US, America] }, capitals: [Washington] }
- { id: gb, aliases: { en: [Britain, UK] } }
- { id: cn, aliases: { en: [PRC] } }
- { id: jo, given_name: true }
- { id: ge, given_name: true }
`;
const ACTORS = `
- id: nato
  kind: alliance
  name: NATO
  aliases: { en: [North Atlantic Treaty Organization], fr: [OTAN] }
  description: { en: "A military alliance.", fr: "Une alliance militaire." }
  checked: 2025-06-01
- id: five-eyes
  kind: alliance
  name: Five Eyes
  description: { en: "An intelligence alliance.", fr: "Une alliance de renseignement." }
  checked: 2025-06-01
- id: who
  kind: organisation
  name: World Health Organization
  aliases: { en: [WHO] }
  description: { en: "A UN agency.", fr: "Une agence de l'ONU." }
  checked: 2025-06-01
- id: indo-pacific-strategy
  kind: initiative
  name: Indo-Pacific Strategy
  description: { en: "Canada's strategy.", fr: "La stratégie du Canada." }
  checked: 2025-06-01
- id: john-a
  kind: person
  name: John A. Macdonald
  description: { en: "A prime minister.", fr: "Un premier ministre." }
  checked: 2025-06-01
${PERSON('melanie-joly', 'Mélanie Joly', '  short: [Joly]')}
`;
const BLOCKERS = `blockers: [{ text: New Mexico, why: a US state }]`;
const index = testIndex({ actors: ACTORS, countries: COUNTRIES, overrides: OVERRIDES, blockers: BLOCKERS });
const m = (text: string, opts?: { french?: boolean }) => marks(index, text, opts);

describe('matching', () => {
  it('finds names regardless of diacritics', () => {
    expect(m('Melanie Joly met her counterpart.')).toEqual(['Melanie Joly=melanie-joly']);
    expect(m('MÉLANIE JOLY')).toEqual(['MÉLANIE JOLY=melanie-joly']);
  });

  it('reads possessives, curly apostrophes and datelines', () => {
    expect(m('Canada’s envoy and Canada\'s army')).toEqual(['Canada=ca', 'Canada=ca']);
    expect(m('OTTAWA — The government said')).toEqual(['OTTAWA=ca']);
  });

  it('prefers the longest match', () => {
    expect(m('South Korea and North Korea')).toEqual(['South Korea=kr', 'North Korea=kp']);
    expect(m('Papua New Guinea, not Guinea')).toEqual(['Papua New Guinea=pg', 'Guinea=gn']);
    expect(m("the People's Republic of China")).toEqual(["People's Republic of China=cn"]);
  });

  it('lets a blocker hide the shorter name inside it', () => {
    expect(m('New Mexico and Mexico')).toEqual(['Mexico=mx']);
  });

  it('joins the words of a name across any dash or space, case-insensitive after the first word', () => {
    expect(m('its Indo‑Pacific strategy')).toEqual(['Indo‑Pacific strategy=indo-pacific-strategy']);
    expect(m('its Indo Pacific Strategy')).toEqual(['Indo Pacific Strategy=indo-pacific-strategy']);
    expect(m('the Five\u00A0Eyes')).toEqual(['Five\u00A0Eyes=five-eyes']);
  });

  it('requires the period where the alias has one', () => {
    expect(m('Sir John A. Macdonald')).toEqual(['John A. Macdonald=john-a']);
    expect(m('John A, Macdonald')).toEqual([]);
  });

  it('does not join across punctuation', () => {
    expect(m('Five. Eyes')).toEqual([]);
  });

  it('needs a capital for names and capitals for acronyms', () => {
    expect(m('china and fine china')).toEqual([]);
    expect(m('CHINA and China')).toEqual(['CHINA=cn', 'China=cn']);
    expect(m('let us go to the US')).toEqual(['US=us']);
    expect(m('Us and us')).toEqual([]);
  });

  it('accepts long acronyms in title case, as British outlets write them', () => {
    expect(m('Nato allies')).toEqual(['Nato=nato']);
  });

  it('ignores an acronym that is also a word when the text around it is in capitals', () => {
    expect(m('CHINA WARNS US OVER TARIFFS')).toEqual(['CHINA=cn']);
    expect(m('WHO SAID IT')).toEqual([]);
    expect(m('The WHO said')).toEqual(['WHO=who']);
    expect(m('U.S. OFFICIALS')).toEqual(['U.S.=us']);
  });

  it('reads dotted and plain acronyms alike', () => {
    expect(m('U.S. and US and U.K.')).toEqual(['U.S.=us', 'US=us', 'U.K.=gb']);
  });

  it('finds names glued by careless scraping', () => {
    expect(m('ReportSouth Korea said')).toEqual(['South Korea=kr']);
    expect(m('ChinaReport')).toEqual(['China=cn']);
    expect(m('2024Canada')).toEqual(['Canada=ca']);
  });

  it('never matches inside another word', () => {
    expect(m('Indiana, Ottawan, Chinatown, Canadas')).toEqual([]);
  });

  it('never matches inside an identifier joined by underscores, but reads _emphasis_', () => {
    expect(m('Posted by Andrea_Canada and Canada_fan, see Ottawa_2024.jpg')).toEqual([]);
    expect(m('He said _Canada_ would act.')).toEqual(['Canada=ca']);
  });

  it('maps demonyms and capitals to their country', () => {
    expect(m('Canadian and Chinese officials; Canadians')).toEqual(['Canadian=ca', 'Chinese=cn', 'Canadians=ca']);
    expect(m('Ottawa said Beijing and Washington')).toEqual(['Ottawa=ca', 'Beijing=cn', 'Washington=us']);
  });

  it('skips a country that is a given name before a surname', () => {
    expect(m('Jordan Peterson said')).toEqual([]);
    expect(m('Jordan said, and Jordan, Egypt')).toEqual(['Jordan=jo', 'Jordan=jo']);
  });

  it('counts one-word French aliases on French pages only', () => {
    expect(m('la Chine et l’OTAN')).toEqual([]);
    expect(m('la Chine et l’OTAN', { french: true })).toEqual(['Chine=cn', 'OTAN=nato']);
    expect(m('les diplomates chinois', { french: true })).toEqual(['chinois=cn']);
    expect(m('Royaume-Uni')).toEqual(['Royaume-Uni=gb']);
  });
});

describe('short forms', () => {
  const idx = testIndex({
    actors: `${PERSON('justin-trudeau', 'Justin Trudeau', '  short: [Trudeau]\n  distinctive: true\n  default: true')}
${PERSON('pierre-trudeau', 'Pierre Trudeau', '  short: [Trudeau]\n  aliases: { en: [Pierre Elliott Trudeau] }')}
${PERSON('melanie-joly', 'Mélanie Joly', '  short: [Joly]')}
${PERSON('bill-blair', 'Bill Blair', '  short: [Blair]')}
${PERSON('tony-blair', 'Tony Blair', '  short: [Blair]')}`,
  });
  const s = (text: string | string[]) => marks(idx, text);

  it('counts a surname once the full name is on the page, before or after', () => {
    expect(s('Joly said.')).toEqual([]);
    expect(s(['Mélanie Joly spoke.', 'Joly said.'])).toEqual(['Mélanie Joly=melanie-joly', 'Joly=melanie-joly']);
    expect(s(['Joly said.', 'Mélanie Joly spoke.'])).toEqual(['Joly=melanie-joly', 'Mélanie Joly=melanie-joly']);
  });

  it('counts a distinctive surname on its own', () => {
    expect(s('Trudeau said.')).toEqual(['Trudeau=justin-trudeau']);
  });

  it('gives a shared surname to the person named nearest before it', () => {
    expect(s(['Tony Blair said.', 'Bill Blair spoke.', 'Blair added.'])).toEqual([
      'Tony Blair=tony-blair',
      'Bill Blair=bill-blair',
      'Blair=bill-blair',
    ]);
    expect(s(['Bill Blair spoke.', 'Blair added.', 'Tony Blair said.', 'Blair agreed.'])).toEqual([
      'Bill Blair=bill-blair',
      'Blair=bill-blair',
      'Tony Blair=tony-blair',
      'Blair=tony-blair',
    ]);
    expect(s(['Pierre Elliott Trudeau', 'Trudeau'])).toEqual(['Pierre Elliott Trudeau=pierre-trudeau', 'Trudeau=pierre-trudeau']);
  });

  it('does not mark a shared surname when no full name is on the page and none is distinctive', () => {
    expect(s('Blair said.')).toEqual([]);
  });
});

describe('shared aliases', () => {
  const idx = testIndex({
    countries: ['ge', 'ru', 'us', 'am'],
    overrides: `- { id: ge, default: true, context: [ru, am] }`,
    actors: `
- id: georgia-us-state
  kind: place
  name: Georgia (U.S. state)
  aliases: { en: [Georgia] }
  context: [us, atlanta]
  description: { en: "A US state.", fr: "Un État américain." }
  checked: 2025-06-01
- id: atlanta
  kind: place
  name: Atlanta
  description: { en: "A US city.", fr: "Une ville américaine." }
  checked: 2025-06-01`,
  });
  const s = (text: string | string[]) => marks(idx, text);

  it('picks the reading the rest of the page supports', () => {
    expect(s(['Russia and Armenia', 'Georgia said'])).toEqual(['Russia=ru', 'Armenia=am', 'Georgia=ge']);
    expect(s(['Georgia voters in Atlanta'])).toEqual(['Georgia=georgia-us-state', 'Atlanta=atlanta']);
  });

  it('falls back to the default', () => {
    expect(s('Georgia said')).toEqual(['Georgia=ge']);
  });
});

describe('prebuilt index image', () => {
  it('survives the trip through JSON that the build gives it, and marks what it marked before it moved out', async () => {
    const { AliasIndex } = await import('../../utils/match/alias-index');
    const { indexImage } = await import('../../utils/match/alias-index-image');
    const { compileFromDisk } = await import('../../scripts/kb/load-sources');
    const image = indexImage(compileFromDisk().index);
    const loaded = new AliasIndex(JSON.parse(JSON.stringify(image)));
    const text = [
      'OTTAWA — Mélanie Joly met NATO and Five Eyes partners; the U.S. and South Korea joined.',
      'Joly said Beijing and the PRC pressure Canadian-Chinese families; Ursula von der Leyen agreed.',
      'ReportSouth Korea, 2024Canada, CHINA WARNS US, Jordan Peterson, Indo-Pacific strategy.',
    ];
    // What the index built in place (before the image builder had a file of its own) marked.
    expect(marks(loaded, text)).toEqual([
      'OTTAWA=ca', 'Mélanie Joly=melanie-joly', 'NATO=nato', 'Five Eyes=five-eyes', 'U.S.=us', 'South Korea=kr',
      'Joly=melanie-joly', 'Beijing=cn', 'PRC=cn', 'Canadian=ca', 'Chinese=cn', 'Ursula von der Leyen=ursula-von-der-leyen',
      'South Korea=kr', 'Canada=ca', 'CHINA=cn', 'Indo-Pacific strategy=indo-pacific-strategy',
    ]);
    expect(loaded.stats).toEqual(new AliasIndex(image).stats);
  });

  it('loads the same index from the tables as bytes (the content script reads them from a file)', async () => {
    const { AliasIndex } = await import('../../utils/match/alias-index');
    const { indexImage } = await import('../../utils/match/alias-index-image');
    const { fromBase64 } = await import('../../utils/match/index-binary');
    const { compileFromDisk } = await import('../../scripts/kb/load-sources');
    const { tables, ...meta } = indexImage(compileFromDisk().index);
    const text = ['OTTAWA — Mélanie Joly met NATO; the U.S. and South Korea joined.', "Beijing's PRC and Canada's Border Services Agency."];
    const whole = new AliasIndex({ ...meta, tables });
    // The bytes as a fetch gives them, and as the fallback decoder (browsers without Uint8Array.fromBase64) gives them.
    const fetched = new AliasIndex(meta, fromBase64(tables!));
    const decodedByHand = new AliasIndex(meta, fromBase64(tables!, false));
    expect(fromBase64(tables!, false)).toEqual(fromBase64(tables!));
    for (const index of [fetched, decodedByHand]) {
      expect(index.stats).toEqual(whole.stats);
      expect(marks(index, text)).toEqual(marks(whole, text));
    }
    expect(marks(fetched, text)).toContain('Mélanie Joly=melanie-joly');
    // One id at a time (what the content script asks for) is the same as all of them split.
    const all = whole.ids;
    expect(all.length).toBeGreaterThan(1000);
    expect(all.map((_, e) => fetched.idAt(e))).toEqual(all);
    expect(() => new AliasIndex(meta)).toThrow(/no tables/);
  });

  it('refuses damaged tables with a message, instead of marking nonsense', async () => {
    const { AliasIndex } = await import('../../utils/match/alias-index');
    const { indexImage } = await import('../../utils/match/alias-index-image');
    const { compileFromDisk } = await import('../../scripts/kb/load-sources');
    const image = indexImage(compileFromDisk().index);
    expect(() => new AliasIndex({ ...image, tables: image.tables!.slice(0, 4000) })).toThrow(/runs past the end/);
    const { fromBase64, toBase64 } = await import('../../utils/match/index-binary');
    const swapped = fromBase64(image.tables!);
    swapped.set([1, 2, 3, 4], 0);
    expect(() => new AliasIndex({ ...image, tables: toBase64(swapped) })).toThrow(/other byte order/);
    expect(() => new AliasIndex({ ...image, lengths: image.lengths.slice(1) })).toThrow(/number of sections/);
    expect(() => new AliasIndex({ ...image, version: 4 } as never)).toThrow(/version 4/);
  });

  it('marks names in a fresh engine that has only loaded an image (as the content script does)', async () => {
    const { indexImage } = await import('../../utils/match/alias-index-image');
    const { compileFromDisk } = await import('../../scripts/kb/load-sources');
    const image = JSON.stringify(indexImage(compileFromDisk().index));
    // Fresh modules: nothing has classified a character yet (the compiler did, above).
    vi.resetModules();
    const { AliasIndex } = await import('../../utils/match/alias-index');
    const { Scanner } = await import('../../utils/match/scan');
    const text = 'Melanie Joly met NATO and the prime minister of Canada in Tokyo.';
    const found: string[] = [];
    new Scanner(new AliasIndex(JSON.parse(image))).scan(text, (start, end) => found.push(text.slice(start, end)));
    expect(found).toEqual(['Melanie Joly', 'NATO', 'Canada', 'Tokyo']);
  });
});

describe('names that start in lower case', () => {
  const lowerIndex = testIndex({
    actors: `
- id: von-der-leyen
  kind: person
  name: Ursula von der Leyen
  aliases: { en: [von der Leyen] }
  description: { en: "A president.", fr: "Une présidente." }
  checked: 2025-06-01
- id: downing-street
  kind: place
  name: 10 Downing Street
  description: { en: "An address.", fr: "Une adresse." }
  checked: 2025-06-01
`,
    countries: ['ca'],
  });
  const lm = (text: string) => marks(lowerIndex, text);

  it('finds them as whole words only, wherever they occur', () => {
    expect(lm('Avon and Savonarola met von der Leyen.')).toEqual(['von der Leyen=von-der-leyen']);
    expect(lm('Canada met von der Leyen, then von der Leyen’s staff.')).toEqual(['Canada=ca', 'von der Leyen=von-der-leyen', 'von der Leyen=von-der-leyen']);
    expect(lm('It was 210 Downing Street, not 10 Downing Street (10).')).toEqual(['10 Downing Street=downing-street']);
    expect(lm('provon der Leyen and ανvon der Leyen')).toEqual([]);
  });
});

describe('warming up', () => {
  it('runs in a few parts and leaves the scanner as it was', async () => {
    const { Scanner } = await import('../../utils/match/scan');
    const text = 'Melanie Joly met NATO in OTTAWA—ReportSouth Korea.';
    const found = (s: InstanceType<typeof Scanner>) => {
      const out: string[] = [];
      s.scan(text, (start, end) => out.push(text.slice(start, end)));
      return out;
    };
    const cold = new Scanner(index);
    const warmed = new Scanner(index);
    let parts = 0;
    while (warmed.warmUp(parts)) parts++;
    expect(parts).toBeGreaterThan(1);
    expect(found(warmed)).toEqual(found(cold));
    expect(found(warmed)).toEqual(['Melanie Joly', 'NATO', 'OTTAWA', 'South Korea']);
  });
});
