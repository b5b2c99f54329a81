/**
 * The knowledge-base source format (what people write in `kb/*.yml`), as a valibot
 * schema. The compiler validates every entry against it, so a typo fails the build with
 * the file and the id named instead of shipping a broken card.
 *
 * Plain data and functions only: this module runs in Node (the build, the `kb` check)
 * and in unit tests.
 */
import * as v from 'valibot';

import { ENTITY_KINDS, RELATION_TYPES } from './kinds';

export { ENTITY_KINDS, RELATION_TYPES, type EntityKind, type RelationType } from './kinds';

/** Lower-case slug; two-letter ids are reserved for countries (their ISO 3166 code). */
const IdSchema = v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lower-case words joined by "-"'));

/** YYYY-MM-DD, or YYYY-MM / YYYY when only that much is known for sure. */
const DateSchema = v.pipe(
  v.union([v.string(), v.date(), v.number()]),
  v.transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d))),
  v.regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'dates are YYYY, YYYY-MM or YYYY-MM-DD'),
);

const NonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1));

/** An alias is a plain string, or an object when it needs a rule of its own. */
const AliasSchema = v.union([
  NonEmpty,
  v.strictObject({
    text: NonEmpty,
    /**
     * `exact`: the letters' case must match as written (acronyms that are also words).
     * `any`: case is ignored (French demonyms, which French writes in lower case).
     * Default: acronyms are exact, other words must start with the same capital.
     */
    case: v.optional(v.picklist(['exact', 'any'])),
  }),
]);
export type AliasSource = v.InferOutput<typeof AliasSchema>;

const AliasListSchema = v.optional(v.array(AliasSchema), []);

const TextEnFr = v.strictObject({ en: NonEmpty, fr: NonEmpty });

const RoleSchema = v.strictObject({
  title: TextEnFr,
  /** The entity the role is held in or for, when it is in the knowledge base. */
  of: v.optional(IdSchema),
  from: v.optional(DateSchema),
  /** Omitted while the role is held. */
  to: v.optional(DateSchema),
});

const RelationSchema = v.strictObject({
  type: v.picklist(RELATION_TYPES),
  target: IdSchema,
  from: v.optional(DateSchema),
  to: v.optional(DateSchema),
});

const MemberSchema = v.union([
  IdSchema,
  v.strictObject({ id: IdSchema, from: v.optional(DateSchema), to: v.optional(DateSchema) }),
]);

const LinksSchema = v.strictObject({
  wikipedia_en: v.optional(v.pipe(v.string(), v.url())),
  wikipedia_fr: v.optional(v.pipe(v.string(), v.url())),
  official: v.optional(v.pipe(v.string(), v.url())),
  wikidata: v.optional(v.pipe(v.string(), v.regex(/^Q\d+$/))),
});

export const EntitySourceSchema = v.strictObject({
  id: IdSchema,
  kind: v.picklist(ENTITY_KINDS),
  /** Display name, as the card shows it. */
  name: NonEmpty,
  /** French display name when it differs (ministries, organisations). */
  name_fr: v.optional(NonEmpty),
  aliases: v.optional(v.strictObject({ en: AliasListSchema, fr: AliasListSchema }), { en: [], fr: [] }),
  /**
   * Short forms that only count as a mention once a full name of the same entity is on
   * the page (a surname alone: "Joly"), unless `distinctive` is true.
   */
  short: AliasListSchema,
  distinctive: v.optional(v.boolean(), false),
  /**
   * Places that stand for this body in news prose, as capitals stand for governments
   * ("Brussels" for the EU, "Langley" for the CIA). The card says so.
   */
  metonyms: AliasListSchema,
  description: TextEnFr,
  roles: v.optional(v.array(RoleSchema), []),
  relations: v.optional(v.array(RelationSchema), []),
  /** For alliances and organisations: member countries or bodies (turned into member-of relations). */
  members: v.optional(v.array(MemberSchema), []),
  /**
   * Entity ids whose presence on a page makes this entity the likelier reading of an
   * alias it shares with another entity ("Georgia": Tbilisi for the country, Atlanta for the state).
   */
  context: v.optional(v.array(IdSchema), []),
  /** When an alias names several entities and the page gives no hint, the one marked default wins. */
  default: v.optional(v.boolean(), false),
  links: v.optional(LinksSchema, {}),
  checked: DateSchema,
});
export type EntitySource = v.InferOutput<typeof EntitySourceSchema>;

/**
 * Additions to a country generated from `world-countries`: extra short forms, demonyms,
 * a hand-written description, links, or `capital_metonym: false` for capitals whose name
 * is mostly something else in our readers' news (Victoria, Kingston).
 */
export const CountryOverrideSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z]{2}$/, 'country ids are ISO 3166 alpha-2 codes in lower case')),
  name: v.optional(NonEmpty),
  name_fr: v.optional(NonEmpty),
  aliases: v.optional(v.strictObject({ en: AliasListSchema, fr: AliasListSchema }), { en: [], fr: [] }),
  demonyms: v.optional(v.strictObject({ en: AliasListSchema, fr: AliasListSchema }), { en: [], fr: [] }),
  /** Aliases from world-countries that must not be used (a bad alternative spelling). */
  drop_aliases: v.optional(v.array(NonEmpty), []),
  /** The common name is also a given name ("Jordan Peterson", "Chad Smith"). */
  given_name: v.optional(v.boolean(), false),
  /** The French name is a given name (Dominique for Dominica: "Dominique Strauss-Kahn"). */
  given_name_fr: v.optional(v.boolean(), false),
  capital_metonym: v.optional(v.boolean(), true),
  /** More names that stand for the government, as capitals do ("Washington", "Delhi"). */
  capitals: AliasListSchema,
  /** Preferred when an alias (a demonym such as "Congolese") is shared with another country. */
  default: v.optional(v.boolean(), false),
  description: v.optional(TextEnFr),
  context: v.optional(v.array(IdSchema), []),
  links: v.optional(LinksSchema, {}),
  checked: v.optional(DateSchema),
});
export type CountryOverride = v.InferOutput<typeof CountryOverrideSchema>;

/** Phrases that are never a mention and stop the shorter names inside them ("New Mexico"). */
export const BlockerFileSchema = v.strictObject({
  blockers: v.array(v.strictObject({ text: NonEmpty, why: NonEmpty })),
});

export const EntityFileSchema = v.array(EntitySourceSchema);
export const CountryFileSchema = v.array(CountryOverrideSchema);
