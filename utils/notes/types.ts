/**
 * A saved snippet ("note"): a passage of a page, described with W3C Web Annotation
 * selectors so that it can be found again after the page changes, plus the reader's note.
 */

export interface PageInfo {
  /** The page's own canonical URL when it gives one on the same site, else the cleaned visited URL. */
  url: string;
  /** The URL as visited, without tracking parameters or fragment. */
  visitedUrl: string;
  title: string;
  site: string;
  lang: string;
  /** YYYY-MM-DD, when the page states it. */
  published?: string;
}

/** TextQuoteSelector: the passage with up to 32 characters of context on each side. */
export interface QuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

/** TextPositionSelector: offsets in the page's text (see utils/anchor/page-text.ts). */
export interface PositionSelector {
  start: number;
  end: number;
}

/** What the page (content script or popup) proposes to save. */
export interface NoteDraft {
  page: PageInfo;
  quote: QuoteSelector;
  position: PositionSelector;
  /** Entity ids mentioned inside the passage (from the engine). */
  entities: string[];
  note: string;
  tags: string[];
}

export type AnchorStatus = 'found' | 'fuzzy' | 'orphan';

export interface NoteRecord extends NoteDraft {
  id: string;
  created: string;
  updated: string;
  /** Normalised forms of the page's URLs, for finding a page's notes (multi-entry index). */
  pageKeys: string[];
  /** The last time the passage was looked for on its page, and how that went. */
  anchor?: { status: AnchorStatus; checked: string };
}

export const LIMITS = {
  /** The longest passage we save: about two long paragraphs. */
  quote: 5000,
  note: 10_000,
  tags: 20,
  tag: 60,
  context: 32,
  url: 2048,
  title: 500,
} as const;
