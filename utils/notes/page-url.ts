/**
 * Page identity for notes: the same article reached with tracking parameters, through a
 * slightly different URL, or under its canonical URL is one page.
 */

/** Query parameters that only track the visit and never change the page. */
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|ref_src|cmpid|icid|ocid|smid|sr_share|s_cid|ito|at_medium|at_campaign|at_custom\d|mkt_tok|oly_anon_id|oly_enc_id|vero_id|__twitter_impression|ns_source|ns_mchannel|ns_campaign|ns_linkname|ns_fee|CMP)$/i;

/** The URL without tracking parameters, fragment, default port or trailing index file. */
export function cleanUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw;
  }
  u.hash = '';
  const keep = [...u.searchParams].filter(([k]) => !TRACKING.test(k));
  u.search = '';
  for (const [k, v] of keep) u.searchParams.append(k, v);
  return u.toString();
}

/** A looser key: no scheme, no "www.", no trailing slash, query kept (it can select the article). */
export function pageKey(raw: string): string {
  const clean = cleanUrl(raw);
  try {
    const u = new URL(clean);
    const path = u.pathname.replace(/\/(index\.html?)?$/i, '') || '/';
    return `${u.hostname.replace(/^www\./, '')}${path}${u.search}`.toLowerCase();
  } catch {
    return clean.toLowerCase();
  }
}

/** The registrable part of a host, roughly (the last two labels; three for ccTLD second levels). */
export function siteOfHost(host: string): string {
  const labels = host.replace(/^www\./, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const sld = labels[labels.length - 2]!;
  const secondLevel = sld.length <= 3 && labels[labels.length - 1]!.length === 2; // co.uk, com.au, gc.ca
  return labels.slice(secondLevel ? -3 : -2).join('.');
}

/** Is the claimed canonical URL on the same site as the page? (A page may not claim another site's notes.) */
export function sameSite(a: string, b: string): boolean {
  try {
    return siteOfHost(new URL(a).hostname) === siteOfHost(new URL(b).hostname);
  } catch {
    return false;
  }
}

/** The keys a page's notes are filed under: its visited URL and, on the same site, its canonical URL. */
export function pageKeysFor(visitedUrl: string, canonical?: string): string[] {
  const keys = new Set([pageKey(visitedUrl)]);
  if (canonical && sameSite(canonical, visitedUrl)) keys.add(pageKey(canonical));
  return [...keys];
}
