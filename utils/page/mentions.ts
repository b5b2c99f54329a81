/**
 * The mentions painted on the page, indexed by text node so that hit-testing a pointer
 * position is a binary search in one node's list, not a scan of the page.
 */
import type { HighlightPainter } from './highlights';
import { mentionHighlightName } from './highlights';

export interface Mention {
  range: StaticRange;
  entity: number;
  via: number;
  kind: number;
  /** The text as written on the page. */
  surface: string;
}

interface NodeEntry {
  start: number;
  end: number;
  mention: Mention;
}

export class MentionStore {
  private readonly byNode = new WeakMap<Text, NodeEntry[]>();
  private readonly nodesOf = new Map<Mention, Text[]>();

  constructor(private readonly painter: HighlightPainter) {}

  get size(): number {
    return this.nodesOf.size;
  }

  all(): IterableIterator<Mention> {
    return this.nodesOf.keys();
  }

  /** Registers and paints a mention covering `nodes` (the text nodes it touches, in order). */
  add(mention: Mention, nodes: Text[]): void {
    const r = mention.range;
    nodes.forEach((node, i) => {
      const start = i === 0 ? r.startOffset : 0;
      const end = i === nodes.length - 1 ? r.endOffset : node.data.length;
      let list = this.byNode.get(node);
      if (!list) this.byNode.set(node, (list = []));
      const entry = { start, end, mention };
      // Usually appended in order; insert in place otherwise.
      let at = list.length;
      while (at > 0 && list[at - 1]!.start > start) at--;
      list.splice(at, 0, entry);
    });
    this.nodesOf.set(mention, nodes);
    this.painter.add(mentionHighlightName(mention.kind), r);
  }

  /** The mention covering `offset` in `node`, if any. */
  at(node: Node, offset: number): Mention | undefined {
    const list = this.byNode.get(node as Text);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = list[mid]!;
      if (offset < e.start) hi = mid - 1;
      else if (offset > e.end) lo = mid + 1;
      else return e.mention;
    }
    return undefined;
  }

  /** Mentions touching this node. */
  inNode(node: Text): Mention[] {
    return (this.byNode.get(node) ?? []).map((e) => e.mention);
  }

  remove(mention: Mention): void {
    const nodes = this.nodesOf.get(mention);
    if (!nodes) return;
    for (const node of nodes) {
      const list = this.byNode.get(node);
      if (!list) continue;
      const rest = list.filter((e) => e.mention !== mention);
      if (rest.length) this.byNode.set(node, rest);
      else this.byNode.delete(node);
    }
    this.nodesOf.delete(mention);
    this.painter.delete(mentionHighlightName(mention.kind), mention.range);
  }

  /** Removes every mention touching one of these nodes (before the nodes are scanned again). */
  removeInNodes(nodes: Iterable<Text>): void {
    for (const node of nodes) for (const m of this.inNode(node)) this.remove(m);
  }

  /** Drops mentions whose text left the document or changed under them. Returns how many. */
  sweep(): number {
    let dropped = 0;
    for (const [m, nodes] of this.nodesOf) {
      if (!nodes.every((n) => n.isConnected) || m.range.endOffset > nodes[nodes.length - 1]!.data.length) {
        this.remove(m);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    for (const m of [...this.nodesOf.keys()]) this.remove(m);
  }
}
