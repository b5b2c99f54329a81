/**
 * The kinds of entity and of relation. Apart from the knowledge-base schema (schema.ts)
 * so that the content script, which paints one highlight per kind, does not carry the
 * schema's validators.
 */
export const ENTITY_KINDS = [
  'person',
  'country',
  'agency',
  'organisation',
  'party',
  'alliance',
  'initiative',
  'company',
  'media',
  'place',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const RELATION_TYPES = ['member-of', 'part-of', 'leads', 'reports-to', 'successor-of'] as const;
export type RelationType = (typeof RELATION_TYPES)[number];
