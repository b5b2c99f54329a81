/**
 * Watches the page for text that appears or changes (infinite scroll, live blogs, pages
 * that re-render) and reports it to the annotator in batches. It cannot feed back on
 * itself: we never change the page's DOM (highlights are not DOM), and records about our
 * own host element are ignored.
 */

export interface ChangeSink {
  changed(node: Node): void;
  removed(): void;
}

export function observeChanges(root: Node, ownHost: () => Element | null, sink: ChangeSink, onBatch: () => void): () => void {
  const isOurs = (n: Node) => {
    const host = ownHost();
    return host !== null && (n === host || host.contains(n));
  };
  const observer = new MutationObserver((records) => {
    let any = false;
    for (const r of records) {
      if (isOurs(r.target)) continue;
      if (r.type === 'characterData') {
        sink.changed(r.target);
        any = true;
        continue;
      }
      for (const n of r.addedNodes) {
        if (isOurs(n) || (n.nodeType !== 1 && n.nodeType !== 3)) continue;
        sink.changed(n);
        any = true;
      }
      if (r.removedNodes.length) {
        for (const n of r.removedNodes) {
          if (isOurs(n)) continue;
          sink.removed();
          any = true;
          // Text joined across the removed node (or split by it) needs its line scanned again.
          if (r.target.nodeType === 1) sink.changed(r.target);
          break;
        }
      }
    }
    if (any) onBatch();
  });
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  return () => observer.disconnect();
}
