/**
 * The address an exported note uses for an entity (an `identifying` body), and the way
 * back on import: its Wikidata item when we know it, else its Wikipedia article, else its
 * official site. Another tool's annotation that identifies a Wikidata item or Wikipedia
 * article we know is linked to our entity the same way.
 */
import type { CardData, CardMap } from '../kb/types';

const wikidataUrl = (q: string) => `http://www.wikidata.org/entity/${q}`;

export function entitySourceOf(card: CardData | undefined): string | undefined {
  if (!card) return undefined;
  const l = card.links;
  return l.wikidata ? wikidataUrl(l.wikidata) : (l.wikipedia_en ?? l.wikipedia_fr ?? l.official);
}

/** Normalises an address for lookup: scheme, "www." and a trailing slash do not matter. */
function norm(url: string): string {
  return url
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/\/+$/, '')
    .replace(/\/wiki\/Special:EntityPage\//, '/entity/')
    .replace(/^wikidata\.org\/wiki\//, 'wikidata.org/entity/');
}

export function entityFromSourceMap(cards: CardMap): (source: string) => string | undefined {
  const map = new Map<string, string | null>();
  for (const card of Object.values(cards)) {
    const l = card.links;
    for (const url of [l.wikidata && wikidataUrl(l.wikidata), l.wikipedia_en, l.wikipedia_fr, l.official]) {
      if (!url) continue;
      const key = norm(url);
      // An address two entries share (a ministry's site for its agencies) names neither.
      const had = map.get(key);
      map.set(key, had === undefined || had === card.id ? card.id : null);
    }
  }
  return (source) => map.get(norm(source)) ?? undefined;
}
