/**
 * What a saved note records about its page: canonical URL (when the page declares one on
 * its own site), the visited URL, title, site name, language and publication date. The
 * background takes tracking parameters and fragments out of both URLs when it saves.
 */
import { sameSite } from '../notes/page-url';
import type { PageInfo } from '../notes/types';
import { LIMITS } from '../notes/types';
import { articleDate } from './article-date';

function attr(doc: Document, selector: string, name: string): string | undefined {
  const v = doc.querySelector(selector)?.getAttribute(name)?.trim();
  return v || undefined;
}

/** The page's canonical URL, absolute, when it is on the page's own site. */
export function canonicalUrl(doc: Document): string | undefined {
  const raw = attr(doc, 'link[rel~="canonical"]', 'href') ?? attr(doc, 'meta[property="og:url"]', 'content');
  if (!raw) return undefined;
  try {
    const abs = new URL(raw, doc.baseURI).toString();
    return /^https?:/.test(abs) && sameSite(abs, doc.URL) ? abs : undefined;
  } catch {
    return undefined;
  }
}

export function pageInfo(doc: Document): PageInfo {
  const visitedUrl = doc.URL.slice(0, LIMITS.url);
  const title = (attr(doc, 'meta[property="og:title"]', 'content') ?? doc.title ?? '').trim().slice(0, LIMITS.title);
  const site = (attr(doc, 'meta[property="og:site_name"]', 'content') ?? new URL(doc.URL).hostname.replace(/^www\./, '')).slice(0, 253);
  const published = articleDate(doc);
  return {
    url: (canonicalUrl(doc) ?? visitedUrl).slice(0, LIMITS.url),
    visitedUrl,
    title,
    site,
    lang: (doc.documentElement.lang || '').slice(0, 35),
    ...(published && { published }),
  };
}
