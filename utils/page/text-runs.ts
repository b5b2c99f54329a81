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

/** Elements that break a line without being blocks. */
const BREAKS = new Set(['br', 'hr', 'img', 'video', 'audio', 'picture']);

export interface TextRun {
  /** The text nodes, in document order. */
  nodes: Text[];
  /** Offset of each node's first character in `text`. */
  starts: number[];
  text: string;
}

/** Finds the node and offset for a character offset in a run (binary search). */
export function locate(run: TextRun, offset: number): { node: Text; offset: number } {
  const { starts, nodes } = run;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { node: nodes[lo]!, offset: offset - starts[lo]! };
}

/** The end of a range is better placed at the end of the previous node than at 0 of the next. */
export function locateEnd(run: TextRun, offset: number): { node: Text; offset: number } {
  const at = locate(run, offset);
  const i = run.nodes.indexOf(at.node);
  if (at.offset === 0 && i > 0) {
    const prev = run.nodes[i - 1]!;
    return { node: prev, offset: prev.data.length };
  }
  return at;
}

export function isSkipped(el: Element, ownHost: Element | null): boolean {
  if (el === ownHost) return true;
  if (SKIP.has(el.localName)) return true;
  const editable = el.getAttribute('contenteditable');
  return editable !== null && editable !== 'false';
}

/** True when the element (or an ancestor up to `root`) is one the walker skips. */
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

export class TextRunWalker {
  private readonly walker: TreeWalker;
  private pendingText: Text | null = null;
  private done = false;
  private lastParent: Node | null = null;
  private lastBlock: Element | null = null;

  constructor(
    readonly root: Node,
    private readonly ownHost: Element | null = null,
  ) {
    const doc = root.ownerDocument ?? (root as Document);
    // SHOW_ELEMENT | SHOW_TEXT: elements are needed to skip subtrees and see line breaks.
    this.walker = doc.createTreeWalker(root, 0x1 | 0x4);
  }

  /** The next run, or null when the subtree is done. */
  next(): TextRun | null {
    if (this.done) return null;
    const w = this.walker;
    let nodes: Text[] | null = null;
    let starts: number[] | null = null;
    let first: Text | null = null;
    let text = '';
    let block: Element | null = null;

    const take = (t: Text): boolean => {
      // Returns false when t belongs to another block (it is kept for the next run).
      const parent = t.parentNode;
      let b: Element | null;
      if (parent === this.lastParent) b = this.lastBlock;
      else {
        b = blockOf(t);
        this.lastParent = parent;
        this.lastBlock = b;
      }
      if (first === null) {
        first = t;
        block = b;
        text = t.data;
        return true;
      }
      if (b !== block) return false;
      if (nodes === null) {
        nodes = [first];
        starts = [0];
      }
      nodes.push(t);
      starts!.push(text.length);
      text += t.data;
      return true;
    };

    if (this.pendingText) {
      const t = this.pendingText;
      this.pendingText = null;
      take(t);
    }
    for (;;) {
      const node = w.nextNode();
      if (node === null) {
        this.done = true;
        break;
      }
      if (node.nodeType === 3) {
        if (!take(node as Text)) {
          this.pendingText = node as Text;
          break;
        }
        continue;
      }
      const el = node as Element;
      if (isSkipped(el, this.ownHost)) {
        this.skipChildren();
        if (first !== null) break;
        continue;
      }
      if (!INLINE.has(el.localName)) {
        // A block or a line break ends the run.
        if (first !== null) {
          if (BREAKS.has(el.localName) || el.firstChild !== null) break;
        }
      }
    }
    if (first === null) return null;
    return { nodes: nodes ?? [first], starts: starts ?? [0], text };
  }

  /** Moves past the current element's subtree. */
  private skipChildren(): void {
    const w = this.walker;
    for (;;) {
      if (w.nextSibling()) {
        // nextNode() will now continue from this sibling's first child; step back onto it.
        w.previousNode();
        return;
      }
      if (!w.parentNode() || w.currentNode === this.root) {
        this.done = true;
        return;
      }
    }
  }
}

/** The first `max` characters of prose under root (for guessing the language). */
export function sampleText(root: Node, max = 4000): string {
  const walker = new TextRunWalker(root);
  let out = '';
  for (let run = walker.next(); run && out.length < max; run = walker.next()) out += run.text + '\n';
  return out.slice(0, max);
}
