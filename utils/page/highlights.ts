/**
 * Painting with the CSS Custom Highlight API: ranges are registered under highlight names
 * and styled with `::highlight()` rules from an adopted stylesheet. Nothing in the page's
 * DOM is wrapped, inserted or changed, so pages (React ones included) never notice.
 */
import { ENTITY_KINDS } from '../kb/kinds';
import type { UnderlineStyle } from '../settings';

export const MENTION_PREFIX = 'dossier-mention';
export const SNIPPET_HIGHLIGHT = 'dossier-snippet';

/** Highlight names per entity kind, built once (never concatenated per mention). */
const MENTION_NAMES: readonly string[] = ENTITY_KINDS.map((kind) => `${MENTION_PREFIX}-${kind}`);

export function mentionHighlightName(kind: number): string {
  return MENTION_NAMES[kind] ?? `${MENTION_PREFIX}-other`;
}

/** Underline colours per kind: mid-tones that read on light and dark pages alike. */
export const KIND_COLOURS: Record<string, string> = {
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

/**
 * The declarations that paint a mention of `kind` in a style (shared with the options
 * page's preview, so what the reader picks there is what pages show).
 */
export function markDeclarations(style: UnderlineStyle, kind: string): [property: string, value: string][] {
  const rgb = KIND_COLOURS[kind] ?? KIND_COLOURS['place']!;
  if (style === 'tint') return [['background-color', `rgb(${rgb} / 0.2)`]];
  return [
    ['text-decoration', `underline ${style} rgb(${rgb} / 0.8)`],
    // A 2px wave is a zigzag that crowds the line below; 1.5px still reads as a wave.
    ['text-decoration-thickness', style === 'wavy' ? '1.5px' : '2px'],
    ['text-underline-offset', '3px'],
  ];
}

export function highlightCss(style: UnderlineStyle = 'solid'): string {
  const rules = ENTITY_KINDS.map(
    (kind) =>
      // !important: a page's own ::highlight() rules for our names must not win.
      `::highlight(${MENTION_PREFIX}-${kind}) { ${markDeclarations(style, kind)
        .map(([p, v]) => `${p}: ${v} !important;`)
        .join(' ')} }`,
  );
  // Marks are for the screen, where a card opens on them. On paper they would be
  // coloured lines with nothing behind them, and on a long page only the parts the reader
  // scrolled through are painted (see viewport.ts): printed, the page is left as the site
  // made it. The reader's own saved passages do print.
  rules.push(`::highlight(dossier-flash) { background-color: rgb(37 99 235 / 0.3) !important; }`);
  const snippets = `::highlight(${SNIPPET_HIGHLIGHT}) { background-color: rgb(250 204 21 / 0.35) !important; }`;
  return `@media not print {\n${rules.join('\n')}\n}\n${snippets}`;
}

export class HighlightPainter {
  readonly #highlights = new Map<string, Highlight>();
  /**
   * Names shown with another highlight than their own (a subset of its ranges), or with
   * none (null: hidden). Swapping what a name shows is one registry call, whatever the
   * number of ranges: settings that only change what is shown never repaint range by range.
   */
  readonly #shown = new Map<string, Highlight | null>();
  #sheet: CSSStyleSheet | null = null;
  #css = highlightCss();

  constructor(private readonly doc: Document) {}

  /** Adds our stylesheet to the document's adopted sheets, or puts it back if the page removed it. */
  ensureStyles(css?: string): void {
    if (css !== undefined) this.#css = css;
    if (!this.#sheet) {
      this.#sheet = new CSSStyleSheet();
      this.#sheet.replaceSync(this.#css);
    } else if (css !== undefined) {
      this.#sheet.replaceSync(css);
    }
    const sheets = this.doc.adoptedStyleSheets;
    if (!sheets.includes(this.#sheet)) this.doc.adoptedStyleSheets = [...sheets, this.#sheet];
  }

  /** Replaces our rules in place (the sheet stays adopted: no highlight is touched). */
  setStyle(css: string): void {
    this.#css = css;
    this.#sheet?.replaceSync(css);
  }

  /** The highlight for a name, created and registered on first use. */
  highlight(name: string): Highlight {
    let h = this.#highlights.get(name);
    if (!h) {
      h = new Highlight();
      // Snippets and flashes paint above mentions.
      h.priority = name.startsWith(MENTION_PREFIX) ? 0 : 1;
      this.#highlights.set(name, h);
      // Registered once: touching the registry invalidates style, so never per range.
      if (!this.#shown.has(name)) CSS.highlights.set(name, h);
    }
    return h;
  }

  /** What the registry holds for a name: its own highlight unless `show` said otherwise. */
  #registered(name: string): Highlight | null | undefined {
    return this.#shown.has(name) ? this.#shown.get(name) : this.#highlights.get(name);
  }

  /**
   * Shows `h` under `name` instead of the name's own highlight, or nothing (null), or the
   * name's own highlight again (undefined).
   */
  show(name: string, h: Highlight | null | undefined): void {
    if (h === undefined) this.#shown.delete(name);
    else this.#shown.set(name, h);
    const want = this.#registered(name);
    if (want) {
      if (CSS.highlights.get(name) !== want) CSS.highlights.set(name, want);
    } else if (CSS.highlights.has(name)) {
      CSS.highlights.delete(name);
    }
  }

  add(name: string, range: AbstractRange): void {
    this.highlight(name).add(range);
  }

  delete(name: string, range: AbstractRange): void {
    this.#highlights.get(name)?.delete(range);
  }

  /** Removes everything we painted and our stylesheet. */
  clear(): void {
    for (const [name, h] of this.#highlights) {
      h.clear();
      CSS.highlights.delete(name);
    }
    for (const [name, h] of this.#shown) {
      h?.clear();
      CSS.highlights.delete(name);
    }
    this.#highlights.clear();
    this.#shown.clear();
    if (this.#sheet) this.doc.adoptedStyleSheets = this.doc.adoptedStyleSheets.filter((s) => s !== this.#sheet);
  }

  /**
   * Re-registers highlights (and our stylesheet) the page may have removed. Returns true
   * when something had to be put back. Hidden names stay out.
   */
  restore(): boolean {
    let restored = false;
    for (const name of this.#highlights.keys()) restored = this.#reregister(name) || restored;
    for (const name of this.#shown.keys()) if (!this.#highlights.has(name)) restored = this.#reregister(name) || restored;
    if (this.#sheet && !this.doc.adoptedStyleSheets.includes(this.#sheet)) {
      this.ensureStyles();
      restored = true;
    }
    return restored;
  }

  #reregister(name: string): boolean {
    const want = this.#registered(name);
    if (!want || CSS.highlights.has(name)) return false;
    CSS.highlights.set(name, want);
    return true;
  }
}
