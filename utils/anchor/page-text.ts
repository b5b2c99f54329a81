/**
 * The page's text as snippets are anchored in it: every text node of the prose, in
 * document order, concatenated as they are (like textContent, but without scripts,
 * styles, form fields, editors or our own UI: the same rules as the marks).
 * TextPositionSelector offsets are offsets in this string.
 */
import { isInsideSkipped } from '../page/text-runs';

export interface PageText {
  text: string;
  nodes: Text[];
  /** Offset of each node's first character in `text`. */
  starts: number[];
}

export function readPageText(root: Node, ownHost: Element | null = null): PageText {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 0x4);
  const nodes: Text[] = [];
  const starts: number[] = [];
  const parts: string[] = [];
  let at = 0;
  let lastParent: Node | null = null;
  let skip = false;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    if (t.parentNode !== lastParent) {
      lastParent = t.parentNode;
      skip = isInsideSkipped(t, ownHost);
    }
    if (skip) continue;
    nodes.push(t);
    starts.push(at);
    parts.push(t.data);
    at += t.data.length;
  }
  return { text: parts.join(''), nodes, starts };
}

/** The text offset of a DOM position (a text node and offset, or an element and child index). */
export function offsetOf(pt: PageText, container: Node, offset: number): number {
  if (container.nodeType === 3) {
    const i = pt.nodes.indexOf(container as Text);
    if (i >= 0) return pt.starts[i]! + Math.min(offset, (container as Text).data.length);
  }
  // An element boundary: the first text node at or after that point.
  const doc = container.ownerDocument ?? (container as Document);
  const probe = doc.createRange();
  probe.setStart(container, offset);
  for (let i = 0; i < pt.nodes.length; i++) {
    if (probe.comparePoint(pt.nodes[i]!, 0) >= 0) return pt.starts[i]!;
  }
  return pt.text.length;
}

/** The DOM position of a text offset. `end` prefers the end of a node to the start of the next. */
export function positionOf(pt: PageText, offset: number, end = false): { node: Text; offset: number } | null {
  const { starts, nodes } = pt;
  if (!nodes.length) return null;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (end ? starts[mid]! < offset : starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  const node = nodes[lo]!;
  return { node, offset: Math.max(0, Math.min(offset - starts[lo]!, node.data.length)) };
}
