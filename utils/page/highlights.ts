/**
 * Painting with the CSS Custom Highlight API: ranges are registered under highlight names
 * and styled with `::highlight()` rules from an adopted stylesheet. Nothing in the page's
 * DOM is wrapped, inserted or changed, so pages (React ones included) never notice.
 */
import { ENTITY_KINDS } from '../kb/schema';

export const MENTION_PREFIX = 'dossier-mention';
export const SNIPPET_HIGHLIGHT = 'dossier-snippet';

/** Highlight names per entity kind, built once (never concatenated per mention). */
const MENTION_NAMES: readonly string[] = ENTITY_KINDS.map((kind) => `${MENTION_PREFIX}-${kind}`);

export function mentionHighlightName(kind: number): string {
  return MENTION_NAMES[kind] ?? `${MENTION_PREFIX}-other`;
}

/** Underline colours per kind: mid-tones that read on light and dark pages alike. */
const KIND_COLOURS: Record<string, string> = {
  person: '217 119 6',
  country: '37 99 235',
  agency: '124 58 237',
  organisation: '5 150 105',
  alliance: '5 150 105',
  party: '219 39 119',
  initiative: '234 88 12',
  company: '8 145 178',
  media: '8 145 178',
  place: '101 163 13',
};

export function highlightCss(style: 'solid' | 'dotted' | 'wavy' = 'solid'): string {
  const rules = ENTITY_KINDS.map(
    (kind) =>
      // !important: a page's own ::highlight() rules for our names must not win.
      `::highlight(${MENTION_PREFIX}-${kind}) { text-decoration: underline ${style} rgb(${KIND_COLOURS[kind]} / 0.8) !important; text-decoration-thickness: 2px !important; text-underline-offset: 3px !important; }`,
  );
  rules.push(`::highlight(${SNIPPET_HIGHLIGHT}) { background-color: rgb(250 204 21 / 0.35) !important; }`);
  rules.push(`::highlight(dossier-flash) { background-color: rgb(37 99 235 / 0.3) !important; }`);
  return rules.join('\n');
}

export class HighlightPainter {
  private readonly highlights = new Map<string, Highlight>();
  private sheet: CSSStyleSheet | null = null;

  constructor(private readonly doc: Document) {}

  /** Adds our stylesheet to the document's adopted sheets, or puts it back if the page removed it. */
  ensureStyles(css = highlightCss()): void {
    if (!this.sheet) {
      this.sheet = new CSSStyleSheet();
      this.sheet.replaceSync(css);
    }
    const sheets = this.doc.adoptedStyleSheets;
    if (!sheets.includes(this.sheet)) this.doc.adoptedStyleSheets = [...sheets, this.sheet];
  }

  setStyle(css: string): void {
    this.sheet?.replaceSync(css);
  }

  /** The highlight for a name, created and registered on first use. */
  highlight(name: string): Highlight {
    let h = this.highlights.get(name);
    if (!h) {
      h = new Highlight();
      // Snippets and flashes paint above mentions.
      h.priority = name.startsWith(MENTION_PREFIX) ? 0 : 1;
      this.highlights.set(name, h);
      // Registered once: touching the registry invalidates style, so never per range.
      CSS.highlights.set(name, h);
    }
    return h;
  }

  add(name: string, range: AbstractRange): void {
    this.highlight(name).add(range);
  }

  delete(name: string, range: AbstractRange): void {
    this.highlights.get(name)?.delete(range);
  }

  /** Removes everything we painted and our stylesheet. */
  clear(): void {
    for (const [name, h] of this.highlights) {
      h.clear();
      CSS.highlights.delete(name);
    }
    this.highlights.clear();
    if (this.sheet) this.doc.adoptedStyleSheets = this.doc.adoptedStyleSheets.filter((s) => s !== this.sheet);
  }

  /**
   * Re-registers highlights (and our stylesheet) the page may have removed. Returns true
   * when something had to be put back.
   */
  restore(): boolean {
    let restored = false;
    for (const [name, h] of this.highlights) {
      if (!CSS.highlights.has(name)) {
        CSS.highlights.set(name, h);
        restored = true;
      }
    }
    if (this.sheet && !this.doc.adoptedStyleSheets.includes(this.sheet)) {
      this.ensureStyles();
      restored = true;
    }
    return restored;
  }
}
