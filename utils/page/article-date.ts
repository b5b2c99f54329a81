/**
 * When was this article published? Cards show the role a person held at that date.
 * Reads, in order: `article:published_time` and similar meta tags, JSON-LD
 * `datePublished`, then the first `<time datetime>` inside an article. Returns YYYY-MM-DD.
 */

const META_SELECTORS = [
  'meta[property="article:published_time"]',
  'meta[property="og:article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="article:published_time"]',
  'meta[name="pubdate"]',
  'meta[name="publishdate"]',
  'meta[name="parsely-pub-date"]',
  'meta[name="sailthru.date"]',
  'meta[name="DC.date.issued"]',
  'meta[name="dcterms.date"]',
  'meta[name="date"]',
];

/** Normalises a date-ish string to YYYY-MM-DD, or undefined when it is not a plausible date. */
export function toIsoDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value) ?? /^\s*(\d{4})(\d{2})(\d{2})/.exec(value);
  let iso: string | undefined;
  if (m) iso = `${m[1]}-${m[2]}-${m[3]}`;
  else {
    const t = Date.parse(value);
    if (!Number.isNaN(t)) iso = new Date(t).toISOString().slice(0, 10);
  }
  if (!iso) return undefined;
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return iso;
}

function fromJsonLd(node: unknown, depth = 0): string | undefined {
  if (!node || typeof node !== 'object' || depth > 5) return undefined;
  if (Array.isArray(node)) {
    for (const n of node) {
      const d = fromJsonLd(n, depth + 1);
      if (d) return d;
    }
    return undefined;
  }
  const obj = node as Record<string, unknown>;
  if (typeof obj['datePublished'] === 'string') return toIsoDate(obj['datePublished']);
  return fromJsonLd(obj['@graph'], depth + 1) ?? fromJsonLd(obj['mainEntity'], depth + 1);
}

export function articleDate(doc: Document): string | undefined {
  for (const sel of META_SELECTORS) {
    const d = toIsoDate(doc.querySelector(sel)?.getAttribute('content'));
    if (d) return d;
  }
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    const text = script.textContent ?? '';
    if (text.length > 200_000) continue;
    try {
      const d = fromJsonLd(JSON.parse(text));
      if (d) return d;
    } catch {
      // Broken JSON-LD is common; try the next source.
    }
  }
  const time = doc.querySelector('article time[datetime], time[itemprop="datePublished"], time[pubdate]') ?? doc.querySelector('time[datetime]');
  return toIsoDate(time?.getAttribute('datetime'));
}
