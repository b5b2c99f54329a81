/**
 * Which mention is under the pointer? `caretPositionFromPoint` gives the text node and
 * offset, the mention index of that node gives the candidate in O(log n), and the range's
 * own rectangles confirm the point is really over the text (the caret snaps to the
 * nearest character even when the pointer is in a margin).
 */
import type { Mention, MentionStore } from './mentions';

type CaretDoc = Document & {
  caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  caretRangeFromPoint?: (x: number, y: number) => Range | null;
};

export function caretAt(doc: Document, x: number, y: number): { node: Node; offset: number } | null {
  const d = doc as CaretDoc;
  if (d.caretPositionFromPoint) {
    const p = d.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  const r = d.caretRangeFromPoint?.(x, y);
  return r ? { node: r.startContainer, offset: r.startOffset } : null;
}

export function rangeContainsPoint(doc: Document, range: AbstractRange, x: number, y: number, slop = 1): DOMRect | null {
  const live = doc.createRange();
  try {
    live.setStart(range.startContainer, range.startOffset);
    live.setEnd(range.endContainer, range.endOffset);
  } catch {
    return null; // the text changed under a static range
  }
  for (const rect of live.getClientRects()) {
    if (x >= rect.left - slop && x <= rect.right + slop && y >= rect.top - slop && y <= rect.bottom + slop) return rect;
  }
  return null;
}

export function mentionAt(doc: Document, store: MentionStore, x: number, y: number): Mention | undefined {
  const caret = caretAt(doc, x, y);
  if (!caret || caret.node.nodeType !== 3) return undefined;
  const m = store.at(caret.node, caret.offset);
  if (!m) return undefined;
  return rangeContainsPoint(doc, m.range, x, y) ? m : undefined;
}
