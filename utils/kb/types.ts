/**
 * What the knowledge-base compiler produces, and what the extension reads: the alias
 * index (bundled into the content script, so it must stay compact) and the cards
 * (loaded by extension pages when first needed).
 */
import type { EntityKind, RelationType } from './schema';

/** How an alias names its entity; the card words itself accordingly. */
export const Via = {
  /** A name, acronym or former name. */
  Name: 0,
  /** A demonym ("Canadian"). */
  Demonym: 1,
  /** The capital, standing for the government ("Ottawa said..."). */
  Capital: 2,
  /** A short form that needed context (a surname alone). */
  Short: 3,
} as const;
export type Via = (typeof Via)[keyof typeof Via];

export const AliasFlag = {
  /** Letter case must match the alias exactly. */
  CaseExact: 1,
  /** Letter case is ignored. */
  CaseAny: 2,
  /** A one-word French alias: only on French pages. */
  FrenchOnly: 4,
  /** Needs a full name of its entity elsewhere on the page (unless distinctive). */
  Short: 8,
  /** Also a common given name: not a mention when a capitalised word follows. */
  GivenName: 16,
  /** An acronym that is also a common word ("US", "WHO"): not in all-capitals text. */
  WordAcronym: 32,
  /** Never a mention; stops the shorter aliases inside it. */
  Blocker: 64,
} as const;

export const EntityFlag = {
  /** Its short forms are enough on their own. */
  Distinctive: 1,
  /** Preferred when an alias is shared and the page gives no hint. */
  Default: 2,
  /** Has short forms, so the resolver tracks where its full names appear. */
  HasShort: 4,
} as const;

/**
 * The compact index bundled into the content script. Alias texts are already split into
 * folded words by the compiler, so the content script only builds hash tables.
 */
export interface AliasIndexData {
  version: 2;
  /** Entity ids, in index order; an entity's index is its position here. */
  ids: string[];
  /** Position of each entity's kind in `ENTITY_KINDS`. */
  kinds: number[];
  /** EntityFlag bits per entity. */
  eflags: number[];
  /**
   * For entities that share an alias with another: entity indices whose presence on the
   * page supports this reading. Pairs of [entity index, supporting indices].
   */
  context: [number, number[]][];
  /** Every distinct folded word of every alias, joined by spaces; a word's id is its position. */
  vocab: string;
  /**
   * [alias text, AliasFlag bits, targets as entityIndex * 4 + Via, word ids, per word:
   * Shape | gap before it << 2]. Blockers have no targets.
   */
  aliases: [string, number, number[], number[], number[]][];
}

/**
 * The alias index prebuilt by the compiler: a page load makes views over its tables, it
 * builds nothing (index-binary.ts).
 */
export interface AliasIndexImage {
  version: 5;
  /** Entity ids, joined by newlines. */
  ids: string;
  /** Folded words, joined by spaces; a word's id is its position. */
  vocab: string;
  /** First words of aliases that may start in lower case, joined by spaces. */
  lowerStarts: string;
  frenchLowerStarts: boolean;
  nonLatinStarts: boolean;
  /** Elements in each section of the tables (index-binary.ts's order). */
  lengths: number[];
  /**
   * The tables' bytes, in base64. Absent in the content script's copy: it reads the bytes
   * from `kb/index.bin` (utils/kb-tables.ts).
   */
  tables?: string;
}

export interface LocalText {
  en: string;
  fr: string;
}

export interface CardRole {
  title: LocalText;
  /** Display names of the body the role is in or for. */
  of?: LocalText;
  ofId?: string;
  from?: string;
  to?: string;
}

export interface CardRelation {
  type: RelationType;
  id: string;
  name: LocalText;
  /** A short label for chips ("NATO", "EU"). */
  short: LocalText;
  from?: string;
  to?: string;
}

/** Everything a card shows about one entity. */
export interface CardData {
  id: string;
  kind: EntityKind;
  name: LocalText;
  description: LocalText;
  /** Countries: the flag emoji and the capital; territories are not independent. */
  flag?: string;
  territory?: boolean;
  capital?: string;
  roles: CardRole[];
  /** Alliances and organisations this entity belongs to (chips on country cards). */
  memberships: CardRelation[];
  /** Other relations (part of, leads, reports to, successor of). */
  relations: CardRelation[];
  links: {
    wikipedia_en?: string;
    wikipedia_fr?: string;
    official?: string;
    wikidata?: string;
  };
  checked: string;
  /** Where the facts come from when it is not our own writing. */
  source?: string;
}

export type CardMap = Record<string, CardData>;

/** An entity's kind and names: all the notes list needs (kb/names.json). */
export type NameMap = Record<string, Pick<CardData, 'kind' | 'name'>>;
