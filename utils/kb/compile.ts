/**
 * The knowledge-base compiler: validated YAML sources + `world-countries` → the alias
 * index (for the content script) and the cards (for extension pages).
 *
 * Pure: it receives parsed files and returns data or throws `KbError` listing every
 * problem with its file and entity id. Node-only concerns (reading files) live in
 * scripts/kb/, so this runs in unit tests too.
 */
import * as v from 'valibot';
import { COMMON_WORDS } from './common-words';
import {
  BlockerFileSchema,
  CountryFileSchema,
  ENTITY_KINDS,
  EntityFileSchema,
  type AliasSource,
  type CountryOverride,
  type EntityKind,
  type EntitySource,
  type RelationType,
} from './schema';
import { AliasFlag, EntityFlag, Via, type AliasIndexData, type CardData, type CardMap, type CardRelation, type LocalText } from './types';
import { Shape, aliasWords, type AliasWords } from '../match/alias-words';

/** The subset of a `world-countries` record the compiler reads. */
export interface WorldCountry {
  cca2: string;
  name: { common: string; official: string };
  altSpellings: string[];
  translations: Record<string, { common: string; official: string }>;
  demonyms?: Record<string, { f: string; m: string }>;
  capital: string[];
  subregion: string;
  region: string;
  independent: boolean | null;
  unMember: boolean;
  flag: string;
}

export interface SourceFile {
  file: string;
  data: unknown;
}

export interface KbSources {
  entityFiles: SourceFile[];
  countryFile?: SourceFile;
  blockerFile?: SourceFile;
  countries: WorldCountry[];
  countriesSource: string;
}

export interface Problem {
  file: string;
  id?: string;
  message: string;
}

export class KbError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`knowledge base: ${problems.length} problem(s)\n` + problems.map(formatProblem).join('\n'));
    this.name = 'KbError';
  }
}

export function formatProblem(p: Problem): string {
  return `  ${p.file}${p.id ? ` [${p.id}]` : ''}: ${p.message}`;
}

export interface CompiledKb {
  index: AliasIndexData;
  cards: CardMap;
  /** Editorial findings that do not stop a build but fail `kb:check`. */
  warnings: Problem[];
  stats: {
    entities: number;
    byKind: Record<string, number>;
    aliases: number;
    aliasesByLang: { en: number; fr: number };
    /** Aliases written per kind of entity and language (before merging equal spellings). */
    aliasesByKind: Record<string, { en: number; fr: number }>;
  };
}

interface AliasEntry {
  text: string;
  via: Via;
  lang: 'en' | 'fr';
  caseRule?: 'exact' | 'any';
  givenName?: boolean;
  /** Taken from world-countries rather than written by us: skipped, not an error, when unusable. */
  generated?: boolean;
}

interface Entity {
  id: string;
  file: string;
  kind: EntityKind;
  name: LocalText;
  description: LocalText;
  aliases: AliasEntry[];
  short: AliasEntry[];
  distinctive: boolean;
  isDefault: boolean;
  roles: EntitySource['roles'];
  relations: { type: RelationType; target: string; from?: string; to?: string }[];
  members: { id: string; from?: string; to?: string }[];
  context: string[];
  links: CardData['links'];
  checked: string;
  flag?: string;
  capital?: string;
  territory?: boolean;
  source?: string;
}

/** Alternative spellings in world-countries that are mostly something else in the news. */
const DROPPED_ALT_SPELLINGS = new Set([
  'Mann',
  'Viti',
  'RSA',
  'Thai',
  // Iceland's own name, read without its accent: an English word ("Sado Island").
  'Island',
  // Japan's own names: in English news they start company names ("Nippon Steel").
  'Nippon',
  'Nihon',
]);
/** Alternative spellings that are another language's name: kept there, not read on English pages. */
const NOT_ENGLISH_ALT_SPELLINGS = new Set([
  // Dominica in French: on English pages a given name ("Dominique Strauss-Kahn").
  'Dominique',
]);

const SUBREGION_FR: Record<string, string> = {
  Caribbean: 'des Caraïbes',
  'Southern Asia': "d'Asie du Sud",
  'Middle Africa': "d'Afrique centrale",
  'Northern Europe': "d'Europe du Nord",
  'Southeast Europe': "d'Europe du Sud-Est",
  'Southern Europe': "d'Europe du Sud",
  'Western Asia': "d'Asie de l'Ouest",
  'South America': "d'Amérique du Sud",
  Polynesia: 'de Polynésie',
  'Australia and New Zealand': "d'Océanie",
  'Central Europe': "d'Europe centrale",
  'Eastern Africa': "d'Afrique de l'Est",
  'Western Europe': "d'Europe de l'Ouest",
  'Western Africa': "d'Afrique de l'Ouest",
  'Eastern Europe': "d'Europe de l'Est",
  'Central America': "d'Amérique centrale",
  'North America': "d'Amérique du Nord",
  'South-Eastern Asia': "d'Asie du Sud-Est",
  'Southern Africa': "d'Afrique australe",
  'Eastern Asia': "d'Asie de l'Est",
  'Northern Africa': "d'Afrique du Nord",
  Melanesia: 'de Mélanésie',
  Micronesia: 'de Micronésie',
  'Central Asia': "d'Asie centrale",
};

/** The merge key of an alias: its folded words and the gaps between them. */
function keyOf(aw: AliasWords): string {
  return aw.words.map((w, i) => (i === 0 ? '' : GAP_MARK[aw.info[i]! >> 2]) + w).join('');
}
/** By Gap kind (Plain, Period, Comma, Possessive); Break never occurs inside an alias. */
const GAP_MARK = [' ', '.', ',', "'s "];

/** Tokenizes an alias: its folded key, or an error message when it can never match. */
function aliasKey(text: string): { key: string; words: number } | string {
  const aw = aliasWords(text, 0);
  return typeof aw === 'string' ? aw : { key: keyOf(aw), words: aw.words.length };
}

function toEntries(list: readonly AliasSource[], via: Via, lang: 'en' | 'fr'): AliasEntry[] {
  return list.map((a) => (typeof a === 'string' ? { text: a, via, lang } : { text: a.text, via, lang, caseRule: a.case }));
}

function issuesToProblems(file: string, data: unknown, issues: v.BaseIssue<unknown>[]): Problem[] {
  return issues.map((issue) => {
    const path = issue.path ?? [];
    const top = path[0]?.key;
    let id: string | undefined;
    if (typeof top === 'number' && Array.isArray(data)) {
      const entry = data[top] as { id?: unknown } | undefined;
      id = typeof entry?.id === 'string' ? entry.id : `entry #${top + 1}`;
    }
    const where = path
      .slice(typeof top === 'number' ? 1 : 0)
      .map((p) => String(p.key))
      .join('.');
    return { file, id, message: `${where ? where + ': ' : ''}${issue.message}` };
  });
}

function englishPlural(demonym: string): string | undefined {
  if (/(an|i)$/.test(demonym)) return demonym + 's';
  return undefined;
}

function frenchPlural(demonym: string): string | undefined {
  if (/[sx]$/.test(demonym)) return undefined;
  return demonym + 's';
}

function countryEntity(c: WorldCountry, o: CountryOverride | undefined, source: string, file: string): Entity {
  const id = c.cca2.toLowerCase();
  const dropped = new Set(o?.drop_aliases ?? []);
  const keep = (a: string) => !dropped.has(a) && !DROPPED_ALT_SPELLINGS.has(a);
  const name = o?.name ?? c.name.common;
  const nameFr = o?.name_fr ?? c.translations['fra']?.common ?? name;
  const aliases: AliasEntry[] = [];
  const addEn = (text: string, via: Via, extra: Partial<AliasEntry> = {}) => {
    if (keep(text)) aliases.push({ text, via, lang: 'en', generated: true, ...extra });
  };
  addEn(c.name.common, Via.Name, o?.given_name ? { givenName: true } : {});
  if (name !== c.name.common) addEn(name, Via.Name);
  addEn(c.name.official, Via.Name);
  for (const alt of c.altSpellings) {
    // Two-letter codes ("CA") are mostly something else; other scripts never occur in our pages' names.
    // Lower-case starts are transliterations ("aṣ-Ṣūmāl") or descriptions, not news usage.
    if (NOT_ENGLISH_ALT_SPELLINGS.has(alt) || alt.length < 3 || alt.includes(',') || !/^[\p{Script=Latin}\s.'’()-]+$/u.test(alt) || !/^\p{Lu}/u.test(alt)) continue;
    addEn(alt, Via.Name);
  }
  const fra = c.translations['fra'];
  if (fra) {
    for (const t of [fra.common, fra.official]) {
      if (keep(t)) aliases.push({ text: t, via: Via.Name, lang: 'fr', generated: true, ...(o?.given_name_fr && t === fra.common ? { givenName: true } : {}) });
    }
  }
  aliases.push(...toEntries(o?.aliases.en ?? [], Via.Name, 'en'), ...toEntries(o?.aliases.fr ?? [], Via.Name, 'fr'));

  const dem = c.demonyms;
  if (dem?.['eng']) {
    for (const d of new Set([dem['eng'].m, dem['eng'].f])) {
      if (!d || !keep(d)) continue;
      addEn(d, Via.Demonym);
      const plural = englishPlural(d);
      if (plural) addEn(plural, Via.Demonym);
    }
  }
  if (dem?.['fra']) {
    for (const d of new Set([dem['fra'].m, dem['fra'].f])) {
      if (!d || !keep(d)) continue;
      for (const form of [d, frenchPlural(d)]) {
        if (form) aliases.push({ text: form, via: Via.Demonym, lang: 'fr', caseRule: 'any', generated: true });
      }
    }
  }
  aliases.push(...toEntries(o?.demonyms.en ?? [], Via.Demonym, 'en'));
  for (const d of o?.demonyms.fr ?? []) {
    aliases.push(typeof d === 'string' ? { text: d, via: Via.Demonym, lang: 'fr', caseRule: 'any' } : { text: d.text, via: Via.Demonym, lang: 'fr', caseRule: d.case });
  }
  const capital = c.capital[0];
  if (capital && o?.capital_metonym !== false) addEn(capital, Via.Capital);
  aliases.push(...toEntries(o?.capitals ?? [], Via.Capital, 'en'));

  const territory = c.independent === false;
  const place = c.subregion || c.region;
  const generated: LocalText = {
    en: `${territory ? 'A territory' : 'A country'} in ${place || 'the world'}${capital ? `; its capital is ${capital}` : ''}.`,
    fr: `${territory ? 'Territoire' : 'Pays'} ${SUBREGION_FR[c.subregion] ?? ''}${capital ? ` ; capitale : ${capital}` : ''}.`.replace('  ', ' '),
  };
  const search = (lang: string, q: string) => `https://${lang}.wikipedia.org/w/index.php?search=${encodeURIComponent(q)}&title=Special%3ASearch&go=Go`;
  return {
    id,
    file,
    kind: 'country',
    name: { en: name, fr: nameFr },
    description: o?.description ?? generated,
    aliases,
    short: [],
    distinctive: false,
    isDefault: o?.default ?? false,
    roles: [],
    relations: [],
    members: [],
    context: o?.context ?? [],
    links: { wikipedia_en: search('en', name), wikipedia_fr: search('fr', nameFr), ...o?.links },
    checked: o?.checked ?? '',
    flag: c.flag,
    capital,
    territory,
    source: o?.description ? undefined : source,
  };
}

/**
 * Territories often share their demonym with another country ("American" for the
 * Northern Mariana Islands, "Norwegian" for Svalbard); the demonym then names the
 * country, so the territory's copy is dropped.
 */
function dropSharedTerritoryDemonyms(entities: Entity[], countries: WorldCountry[]): void {
  const territory = new Set(countries.filter((c) => c.independent === false).map((c) => c.cca2.toLowerCase()));
  const owners = new Map<string, Set<string>>();
  for (const e of entities) {
    for (const a of e.aliases) {
      if (a.via !== Via.Demonym) continue;
      const k = aliasKey(a.text);
      if (typeof k === 'string') continue;
      const set = owners.get(k.key) ?? new Set<string>();
      set.add(e.id);
      owners.set(k.key, set);
    }
  }
  for (const e of entities) {
    if (!territory.has(e.id)) continue;
    e.aliases = e.aliases.filter((a) => {
      if (a.via !== Via.Demonym) return true;
      const k = aliasKey(a.text);
      return typeof k === 'string' || (owners.get(k.key)?.size ?? 0) < 2;
    });
  }
}

function actorEntity(e: EntitySource, file: string): Entity {
  // Display names may carry a qualifier ("Georgia (U.S. state)") or a slash
  // ("CBC/Radio-Canada"): used as an alias without the qualifier, and skipped when unusable.
  const bare = (name: string) => name.replace(/\s*\([^)]*\)\s*$/, '');
  const aliases: AliasEntry[] = [{ text: bare(e.name), via: Via.Name, lang: 'en', generated: true }];
  if (e.name_fr) aliases.push({ text: bare(e.name_fr), via: Via.Name, lang: 'fr', generated: true });
  aliases.push(...toEntries(e.aliases.en, Via.Name, 'en'), ...toEntries(e.aliases.fr, Via.Name, 'fr'));
  aliases.push(...toEntries(e.metonyms, Via.Capital, 'en'));
  return {
    id: e.id,
    file,
    kind: e.kind,
    name: { en: e.name, fr: e.name_fr ?? e.name },
    description: e.description,
    aliases,
    short: toEntries(e.short, Via.Short, 'en'),
    distinctive: e.distinctive,
    isDefault: e.default,
    roles: e.roles,
    relations: e.relations,
    members: e.members.map((m) => (typeof m === 'string' ? { id: m } : m)),
    context: e.context,
    links: e.links,
    checked: e.checked,
  };
}

export function compileKb(src: KbSources): CompiledKb {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];

  // 1. Validate and read the sources.
  const overrides = new Map<string, CountryOverride>();
  const countryFile = src.countryFile?.file ?? 'kb/countries.yml';
  if (src.countryFile) {
    const r = v.safeParse(CountryFileSchema, src.countryFile.data ?? []);
    if (!r.success) problems.push(...issuesToProblems(countryFile, src.countryFile.data, r.issues));
    else
      for (const o of r.output) {
        if (overrides.has(o.id)) problems.push({ file: countryFile, id: o.id, message: 'listed twice' });
        overrides.set(o.id, o);
      }
  }
  const known = new Set(src.countries.map((c) => c.cca2.toLowerCase()));
  for (const id of overrides.keys()) {
    if (!known.has(id)) problems.push({ file: countryFile, id, message: 'no such country in world-countries' });
  }

  const entities: Entity[] = [];
  for (const c of src.countries) {
    entities.push(countryEntity(c, overrides.get(c.cca2.toLowerCase()), src.countriesSource, countryFile));
  }
  dropSharedTerritoryDemonyms(entities, src.countries);
  for (const f of src.entityFiles) {
    const r = v.safeParse(EntityFileSchema, f.data ?? []);
    if (!r.success) {
      problems.push(...issuesToProblems(f.file, f.data, r.issues));
      continue;
    }
    for (const e of r.output) {
      if (e.kind === 'country') problems.push({ file: f.file, id: e.id, message: 'countries come from world-countries; add to kb/countries.yml instead' });
      else if (/^[a-z]{2}$/.test(e.id)) problems.push({ file: f.file, id: e.id, message: 'two-letter ids are reserved for countries' });
      entities.push(actorEntity(e, f.file));
    }
  }
  let blockers: { text: string; why: string }[] = [];
  const blockerFile = src.blockerFile?.file ?? 'kb/blockers.yml';
  if (src.blockerFile) {
    const r = v.safeParse(BlockerFileSchema, src.blockerFile.data ?? { blockers: [] });
    if (!r.success) problems.push(...issuesToProblems(blockerFile, src.blockerFile.data, r.issues));
    else blockers = r.output.blockers;
  }

  // 2. Ids and references.
  const byId = new Map<string, Entity>();
  for (const e of entities) {
    const prev = byId.get(e.id);
    if (prev) problems.push({ file: e.file, id: e.id, message: `duplicate id (also in ${prev.file})` });
    else byId.set(e.id, e);
  }
  const ref = (e: Entity, target: string, what: string) => {
    if (!byId.has(target)) problems.push({ file: e.file, id: e.id, message: `${what} "${target}" is not in the knowledge base` });
  };
  for (const e of entities) {
    e.roles.forEach((r, i) => {
      if (r.of) ref(e, r.of, `roles[${i}].of`);
      if (r.from && r.to && r.to < r.from) problems.push({ file: e.file, id: e.id, message: `roles[${i}] ends before it starts` });
    });
    e.relations.forEach((r, i) => ref(e, r.target, `relations[${i}].target`));
    e.members.forEach((m, i) => ref(e, m.id, `members[${i}]`));
    e.context.forEach((c, i) => ref(e, c, `context[${i}]`));
  }

  // Members become member-of relations on the member.
  for (const e of entities) {
    for (const m of e.members) {
      byId.get(m.id)?.relations.push({ type: 'member-of', target: e.id, from: m.from, to: m.to });
    }
  }
  // UN membership comes with the country data.
  const un = byId.get('united-nations');
  if (un) {
    for (const c of src.countries) {
      if (c.unMember) byId.get(c.cca2.toLowerCase())!.relations.push({ type: 'member-of', target: un.id });
    }
  }

  // 3. Aliases: merge by folded key and rule; one alias can name several entities.
  const entityIndex = new Map(entities.map((e, i) => [e.id, i]));
  interface Merged {
    text: string;
    flags: number;
    words: AliasWords;
    targets: number[];
    entities: Set<string>;
    file: string;
  }
  const merged = new Map<string, Merged>();
  const byKey = new Map<string, Merged[]>();
  let enCount = 0;
  let frCount = 0;
  const aliasesByKind: Record<string, { en: number; fr: number }> = {};
  // A given name is a property of the word, not of one entity it names: in "Georgia
  // O'Keeffe" it is neither the country nor the US state (whose "Georgia Senate" is the
  // price: a missing mark misleads less than a wrong one).
  const givenNames = new Set<string>();
  for (const e of entities) {
    for (const a of e.aliases) {
      const k = a.givenName ? aliasKey(a.text) : '';
      if (typeof k !== 'string') givenNames.add(k.key);
    }
  }
  const add = (e: Entity | null, a: AliasEntry, extraFlags: number, file: string) => {
    // A leading article is not part of a name's mark ("the Globe and Mail", "The Canadian
    // Press"): readers and labellers mark the name, and "the" is often lower case anyway.
    if (/^the\s+\S/i.test(a.text)) a = { ...a, text: a.text.replace(/^the\s+/i, '') };
    let aw = aliasWords(a.text, 0);
    if (typeof aw === 'string') {
      // Generated names with brackets ("Republic of China (Taiwan)") can never match as written.
      if (!a.generated) problems.push({ file, id: e?.id, message: aw });
      return;
    }
    let flags = extraFlags;
    const oneWord = aw.words.length === 1;
    const firstShape = aw.info[0]! & 3;
    if (a.caseRule === 'exact') flags |= AliasFlag.CaseExact;
    if (a.caseRule === 'any') flags |= AliasFlag.CaseAny;
    // French aliases count on French pages only when they are one word, or would match
    // lower-case text: nobody writes "ministère de la Défense" in an English article.
    if (a.lang === 'fr' && (oneWord || a.caseRule === 'any' || firstShape === Shape.Lower)) flags |= AliasFlag.FrenchOnly;
    if (a.via === Via.Short) flags |= AliasFlag.Short;
    if (a.givenName) flags |= AliasFlag.GivenName;
    if (oneWord && firstShape >= Shape.Acronym && COMMON_WORDS.has(aw.words[0]!)) {
      flags |= AliasFlag.WordAcronym;
      aw = aliasWords(a.text, flags) as AliasWords; // no title-case reading for those
    }
    const key = keyOf(aw);
    if (e && givenNames.has(key)) flags |= AliasFlag.GivenName;
    const mkey = `${key}|${flags}`;
    let m = merged.get(mkey);
    if (!m) {
      m = { text: a.text, flags, words: aw, targets: [], entities: new Set(), file };
      merged.set(mkey, m);
      const list = byKey.get(key) ?? [];
      list.push(m);
      byKey.set(key, list);
    }
    if (e) {
      const target = entityIndex.get(e.id)! * 4 + a.via;
      // One entity, one target per alias: a name beats a demonym or a capital spelled the same.
      const existing = m.targets.findIndex((t) => t >> 2 === target >> 2);
      if (existing === -1) m.targets.push(target);
      else if ((target & 3) < (m.targets[existing]! & 3)) m.targets[existing] = target;
      m.entities.add(e.id);
    }
    if (a.lang === 'fr') frCount++;
    else enCount++;
    if (e) (aliasesByKind[e.kind] ??= { en: 0, fr: 0 })[a.lang === 'fr' ? 'fr' : 'en']++;
  };
  // Every name of every entity, folded, to recognise "Japan's Foreign Ministry" below.
  const nameKeys = new Map<string, string>();
  for (const e of entities) {
    for (const a of e.aliases) {
      const k = aliasKey(a.text);
      if (typeof k !== 'string') nameKeys.set(k.key, e.id);
    }
  }
  /**
   * "Japan's Foreign Ministry", "Canada's Indo-Pacific Strategy": an alias that starts with
   * another entity's name in the possessive would swallow that entity's mention (the
   * reader should see Japan marked, and the ministry). Such aliases are dropped; the
   * adjective forms ("Japanese Foreign Ministry") are one name and stay.
   */
  const possessiveOfAnother = (e: Entity, text: string): boolean => {
    const m = /^(.+?)['’]s\s/.exec(text);
    if (!m) return false;
    const k = aliasKey(m[1]!);
    const owner = typeof k === 'string' ? undefined : nameKeys.get(k.key);
    return owner !== undefined && owner !== e.id;
  };
  for (const e of entities) {
    // An English alias spelled like a French one of the same entity makes the French one redundant.
    const enKeys = new Set(e.aliases.filter((a) => a.lang === 'en').map((a) => aliasKey(a.text)).map((k) => (typeof k === 'string' ? '' : k.key)));
    for (const a of e.aliases) {
      if (a.lang === 'fr') {
        const k = aliasKey(a.text);
        if (typeof k !== 'string' && enKeys.has(k.key)) continue;
      }
      if (possessiveOfAnother(e, a.text)) continue;
      add(e, a, 0, e.file);
    }
    for (const a of e.short) add(e, a, 0, e.file);
  }
  for (const b of blockers) add(null, { text: b.text, via: Via.Name, lang: 'en' }, AliasFlag.Blocker, blockerFile);
  const named = new Set<string>();
  for (const m of merged.values()) for (const id of m.entities) named.add(id);
  for (const e of entities) {
    if (!named.has(e.id)) problems.push({ file: e.file, id: e.id, message: 'has no usable alias: nothing on a page can ever name it' });
  }
  if (problems.length) throw new KbError(problems);

  // 4. Shared aliases need a rule: a default among them, or context to tell them apart.
  const shared = new Set<string>();
  for (const [key, list] of byKey) {
    const ids = new Set<string>();
    for (const m of list) if (!(m.flags & AliasFlag.Short)) for (const id of m.entities) ids.add(id);
    if (ids.size < 2) continue;
    for (const id of ids) shared.add(id);
    const group = [...ids].map((id) => byId.get(id)!);
    const defaults = group.filter((e) => e.isDefault);
    const withContext = group.filter((e) => e.context.length > 0);
    if (defaults.length === 0 && withContext.length === 0) {
      warnings.push({ file: group[0]!.file, id: group[0]!.id, message: `alias "${list[0]!.text}" (${key}) names ${[...ids].join(', ')} with no default or context to choose` });
    }
    if (defaults.length > 1) {
      warnings.push({ file: group[0]!.file, id: group[0]!.id, message: `alias "${list[0]!.text}" names ${[...ids].join(', ')}, and more than one is marked default` });
    }
  }

  // 5. The index.
  const index: AliasIndexData = {
    version: 2,
    ids: entities.map((e) => e.id),
    kinds: entities.map((e) => ENTITY_KINDS.indexOf(e.kind)),
    eflags: entities.map((e) => (e.distinctive ? EntityFlag.Distinctive : 0) | (e.isDefault ? EntityFlag.Default : 0) | (e.short.length ? EntityFlag.HasShort : 0)),
    context: [],
    vocab: '',
    aliases: [],
  };
  for (const id of shared) {
    const e = byId.get(id)!;
    const support = new Set<string>([
      ...e.context,
      ...e.relations.map((r) => r.target),
      ...e.roles.flatMap((r) => (r.of ? [r.of] : [])),
      ...e.members.map((m) => m.id),
    ]);
    support.delete(id);
    index.context.push([entityIndex.get(id)!, [...support].map((s) => entityIndex.get(s)!)]);
  }
  const vocab = new Map<string, number>();
  const wordId = (w: string) => {
    let id = vocab.get(w);
    if (id === undefined) vocab.set(w, (id = vocab.size));
    return id;
  };
  for (const m of merged.values()) {
    // Defaults first, so that ties settle on them.
    m.targets.sort((a, b) => Number(byId.get(entities[b >> 2]!.id)!.isDefault) - Number(byId.get(entities[a >> 2]!.id)!.isDefault));
    index.aliases.push([m.text, m.flags, m.targets, m.words.words.map(wordId), m.words.info]);
  }
  index.vocab = [...vocab.keys()].join(' ');

  // 6. Cards.
  const cards: CardMap = {};
  const nameOf = (id: string): LocalText => byId.get(id)!.name;
  // Chips need short labels: the name when short, else the shortest acronym alias ("EU").
  const shortOf = (id: string): LocalText => {
    const e = byId.get(id)!;
    const pick = (lang: 'en' | 'fr') => {
      const name = e.name[lang];
      if (name.length <= 14) return name;
      const acronyms = e.aliases
        .filter((a) => (a.lang === lang || a.lang === 'en') && a.via === Via.Name && /^[A-Z0-9][A-Z0-9.&-]{1,7}$/.test(a.text))
        .sort((a, b) => Number(b.lang === lang) - Number(a.lang === lang) || a.text.length - b.text.length);
      return acronyms[0]?.text ?? name;
    };
    return { en: pick('en'), fr: pick('fr') };
  };
  for (const e of entities) {
    const memberships: CardRelation[] = [];
    const relations: CardRelation[] = [];
    for (const r of e.relations) {
      const rel: CardRelation = { type: r.type, id: r.target, name: nameOf(r.target), short: shortOf(r.target), ...(r.from && { from: r.from }), ...(r.to && { to: r.to }) };
      (r.type === 'member-of' ? memberships : relations).push(rel);
    }
    cards[e.id] = {
      id: e.id,
      kind: e.kind,
      name: e.name,
      description: e.description,
      ...(e.flag && { flag: e.flag }),
      ...(e.capital && { capital: e.capital }),
      ...(e.territory && { territory: true }),
      roles: e.roles.map((r) => ({
        title: r.title,
        ...(r.of && { of: nameOf(r.of), ofId: r.of }),
        ...(r.from && { from: r.from }),
        ...(r.to && { to: r.to }),
      })),
      memberships,
      relations,
      links: e.links,
      checked: e.checked,
      ...(e.source && { source: e.source }),
    };
  }

  const byKind: Record<string, number> = {};
  for (const e of entities) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
  return {
    index,
    cards,
    warnings,
    stats: { entities: entities.length, byKind, aliases: index.aliases.length, aliasesByLang: { en: enCount, fr: frCount }, aliasesByKind },
  };
}
