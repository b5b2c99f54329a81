/**
 * Reads a page's text as "runs": the text of consecutive text nodes that a reader sees
 * as one flow (a paragraph with its links and emphasis), so that a name split across
 * `<a>Mélanie</a> Joly` is still one name, while text in different blocks never joins.
 *
 * The walker is resumable (`next()` returns one run at a time) so the content script can
 * stop after its time slice and continue later. It only reads the DOM; it never changes it.
 *
 * Skipped: script, style and other non-prose elements, form fields, code, SVG and MathML,
 * editable regions (anything `contenteditable`), and the element passed as `ownHost`.
 */

/** Elements whose text is never prose. */
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'input',
  'select',
  'option',
  'button',
  'iframe',
  'object',
  'embed',
  'canvas',
  'svg',
  'math',
  'code',
  'kbd',
  'samp',
  'head',
]);

/** Elements that flow inside a line of text: a run continues across them. */
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'label',
  'mark',
  'q',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
  'nobr',
  'acronym',
  'big',
  'tt',
  'strike',
]);

export interface TextRun {
  /** The text nodes, in document order. */
  nodes: Text[];
  /** Offset of each node's first character in `text`. */
  starts: number[];
  /**
   * The nodes' text, joined by a zero-width space: an element boundary inside a line
   * ("<a>Mélanie</a> Joly", "Canada<sup>1</sup>") may separate words but never glues them.
   */
  text: string;
  /** The block element its lines belong to (set by the walker; found again when absent). */
  block?: Element | null;
}

/** Joins the text of two nodes of one run: a space for the matcher, invisible in offsets. */
export const NODE_SEPARATOR = '\u200b';

/** Index of the node holding run offset `offset` (binary search over node starts). */
export function nodeIndexAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Finds the node and offset for a character offset in a run (binary search). */
export function locate(run: TextRun, offset: number): { node: Text; offset: number } {
  const lo = nodeIndexAt(run.starts, offset);
  const node = run.nodes[lo]!;
  return { node, offset: Math.min(offset - run.starts[lo]!, node.data.length) };
}

export function isSkipped(el: Element, ownHost: Element | null, localName = el.localName): boolean {
  if (el === ownHost) return true;
  if (SKIP.has(localName)) return true;
  const editable = el.getAttribute('contenteditable');
  return editable !== null && editable !== 'false';
}

/** True when the node is inside an element the walker skips (or is one). */
export function isInsideSkipped(node: Node, ownHost: Element | null): boolean {
  for (let el = node.nodeType === 1 ? (node as Element) : node.parentElement; el; el = el.parentElement) {
    if (isSkipped(el, ownHost)) return true;
  }
  return false;
}

/** The nearest ancestor that is not inline: the block a text node's line belongs to. */
export function blockOf(node: Node): Element | null {
  let el = node.nodeType === 1 ? (node as Element) : node.parentElement;
  while (el && INLINE.has(el.localName)) el = el.parentElement;
  return el;
}

/**
 * True for whitespace-only text (the indentation between elements, most text nodes of a
 * page): it can hold no name, and skipping it keeps paragraphs from being cut into runs.
 */
function blank(data: string): boolean {
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c > 0x20 && c !== 0xa0) return false;
  }
  return true;
}

/** The node starts of every one-node run (shared: runs are never changed once made). */
const ONE_NODE_STARTS: readonly number[] = Object.freeze([0]);

/**
 * Walks text nodes only (the cheapest walk the DOM offers), deciding per parent element,
 * once, whether its text is skipped and which block it belongs to.
 */
export class TextRunWalker {
  readonly #walker: TreeWalker;
  readonly #skipMemo = new WeakMap<Element, boolean>();
  #pendingText: Text | null = null;
  #done = false;
  #lastParent: Node | null = null;
  #lastSkip = false;
  #lastBlock: Element | null = null;
  /**
   * The parent of the last parent decided the slow way, and what holds for text under
   * it: siblings (the paragraphs of an article) are then decided from their own tag
   * alone, without walking up or touching the memo.
   */
  #upNode: Node | null = null;
  #upSkip = false;
  #upBlock: Element | null = null;

  readonly #ownHost: Element | null;

  constructor(
    readonly root: Node,
    ownHost: Element | null = null,
  ) {
    this.#ownHost = ownHost;
    const doc = root.ownerDocument ?? (root as Document);
    this.#walker = doc.createTreeWalker(root, 0x4 /* SHOW_TEXT */);
  }

  /** The current node's ancestors, innermost first, when the caller last paused (see resume). */
  readonly #trail: Node[] = [];

  /** Notes where the walk stands, before the caller yields to the page (which may remove it). */
  pause(): void {
    const trail = this.#trail;
    trail.length = 0;
    for (let n: Node | null = this.#walker.currentNode; n && n !== this.root; n = n.parentNode) trail.push(n);
  }

  /**
   * After the page ran: if it removed the node the walk stands on, the walk would end
   * there (a TreeWalker never leaves a removed subtree) and the rest of the page would go
   * unread. Instead the walk goes on after the innermost ancestor still in the page, which
   * is returned: what was read of it is stale, and the caller reads it again. Null when
   * the walk can go on as it is.
   */
  resume(): Node | null {
    const current = this.#walker.currentNode;
    if (this.#done || current === this.root || current.isConnected || !this.root.isConnected) return null;
    let anchor: Node = this.root;
    for (const n of this.#trail) {
      if (n.isConnected && this.root.contains(n)) {
        anchor = n;
        break;
      }
    }
    this.#pendingText = null;
    this.#lastParent = this.#upNode = null;
    if (anchor === this.root) {
      this.#done = true;
      return anchor;
    }
    let last: Node = anchor;
    while (last.lastChild) last = last.lastChild;
    this.#walker.currentNode = last;
    return anchor;
  }

  /** The elements `#skipped` walked through, kept between calls (reused: no array per call). */
  readonly #chain: Element[] = [];

  /** Is text under this element skipped (script, form field, editor, our host...)? */
  #skipped(el: Element | null): boolean {
    const chain = this.#chain;
    chain.length = 0;
    let result = false;
    for (let a = el; a; a = a.parentElement) {
      const known = this.#skipMemo.get(a);
      if (known !== undefined) {
        result = known;
        break;
      }
      chain.push(a);
      if (isSkipped(a, this.#ownHost)) {
        result = true;
        break;
      }
    }
    // Everything between `el` and the decided ancestor shares its answer.
    for (let i = 0; i < chain.length; i++) this.#skipMemo.set(chain[i]!, result);
    chain.length = 0;
    return result;
  }

  /** Decides `lastSkip` and `lastBlock` for text whose parent is `parent`. */
  #decide(parent: Node | null): void {
    if (parent === null || parent.nodeType !== 1) {
      this.#lastSkip = false;
      this.#lastBlock = null;
      return;
    }
    const el = parent as Element;
    const up = el.parentNode;
    if (up !== null && up === this.#upNode) {
      const name = el.localName; // read once: each read is a call into the DOM
      this.#lastSkip = this.#upSkip || isSkipped(el, this.#ownHost, name);
      this.#lastBlock = this.#lastSkip ? null : INLINE.has(name) ? this.#upBlock : el;
      return;
    }
    this.#lastSkip = this.#skipped(el);
    this.#lastBlock = this.#lastSkip ? null : blockOf(el);
    this.#upNode = up;
    const upEl = el.parentElement;
    this.#upSkip = upEl !== null && this.#skipped(upEl);
    this.#upBlock = upEl && blockOf(upEl);
  }

  /** The next run, or null when the subtree is done. */
  next(): TextRun | null {
    if (this.#done) return null;
    const w = this.#walker;
    let nodes: Text[] | null = null;
    let starts: number[] | null = null;
    let first: Text | null = null;
    let block: Element | null = null;
    let text = '';
    for (;;) {
      let t: Text;
      if (this.#pendingText) {
        t = this.#pendingText;
        this.#pendingText = null;
      } else {
        const n = w.nextNode();
        if (n === null) {
          this.#done = true;
          break;
        }
        t = n as Text;
      }
      const data = t.data;
      // Whitespace first: it is most text nodes, and needs no look at the parents.
      if (blank(data)) continue;
      const parent = t.parentNode;
      if (parent !== this.#lastParent) {
        this.#lastParent = parent;
        this.#decide(parent);
      }
      if (this.#lastSkip) continue;
      if (first === null) {
        first = t;
        block = this.#lastBlock;
        text = data;
        continue;
      }
      if (this.#lastBlock !== block) {
        this.#pendingText = t;
        break;
      }
      if (nodes === null) {
        nodes = [first];
        starts = [0];
      }
      text += NODE_SEPARATOR;
      nodes.push(t);
      starts!.push(text.length);
      text += data;
    }
    if (first === null) return null;
    return { nodes: nodes ?? [first], starts: starts ?? (ONE_NODE_STARTS as number[]), text, block };
  }
}

/**
 * The first `max` characters of prose under root (for guessing the language), read a run
 * at a time: the generator yields after each, so the caller can spread the reading over
 * slices (on a page whose prose comes after long menus, it is thousands of nodes).
 */
export function* sampleText(root: Node, max = 4000): Generator<void, string> {
  const walker = new TextRunWalker(root);
  let out = '';
  for (let run = walker.next(); run && out.length < max; run = walker.next()) {
    out += run.text + '\n';
    yield;
  }
  return out.slice(0, max);
}
