/** Small knowledge bases built in the test itself, so each rule is tested on its own. */
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { compileKb, type WorldCountry } from '../../utils/kb/compile';
import { AliasIndex } from '../../utils/match/alias-index';
import { indexImage } from '../../utils/match/alias-index-image';
import { annotateBlocks } from '../../utils/match/annotate';
import { compileFromDisk } from '../../scripts/kb/load-sources';

const require = createRequire(import.meta.url);
const allCountries = require('world-countries') as WorldCountry[];

export function compileTestKb(options: { actors?: string; countries?: string[]; overrides?: string; blockers?: string }) {
  const keep = new Set(options.countries ?? []);
  return compileKb({
    entityFiles: options.actors ? [{ file: 'test.yml', data: parse(options.actors) }] : [],
    countryFile: options.overrides ? { file: 'countries.yml', data: parse(options.overrides) } : undefined,
    blockerFile: options.blockers ? { file: 'blockers.yml', data: parse(options.blockers) } : undefined,
    countries: allCountries.filter((c) => keep.has(c.cca2.toLowerCase())),
    countriesSource: 'world-countries (test)',
  });
}

export function testIndex(options: Parameters<typeof compileTestKb>[0]): AliasIndex {
  return new AliasIndex(indexImage(compileTestKb(options).index));
}

let shipped: AliasIndex | undefined;
/** The real knowledge base from kb/, compiled once per test file. */
export function shippedIndex(): AliasIndex {
  return (shipped ??= new AliasIndex(indexImage(compileFromDisk().index)));
}

/** "surface=entity" for each mention, in order: easy to read in an assertion. */
export function marks(index: AliasIndex, text: string | string[], options: { french?: boolean } = {}): string[] {
  const blocks = typeof text === 'string' ? [text] : text;
  return annotateBlocks(index, blocks, options).map((m) => `${blocks[m.block]!.slice(m.start, m.end)}=${index.ids[m.entity]}`);
}

export const PERSON = (id: string, name: string, extra = '') => `
- id: ${id}
  kind: person
  name: ${name}
  description: { en: "A person in the news.", fr: "Une personne dans l'actualité." }
  checked: 2025-06-01
${extra}`;
