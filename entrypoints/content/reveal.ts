/**
 * "Show me where": scrolls the page to a mention and flashes it briefly (from the popup's
 * list of what is on the page, so keyboard users can reach every mention too).
 */
import type { HighlightPainter } from '../../utils/page/highlights';
import type { Mention } from '../../utils/page/mentions';

const FLASH = 'dossier-flash';
const FLASH_MS = 1600;

export function revealMention(doc: Document, painter: HighlightPainter, m: Mention): void {
  const range = doc.createRange();
  try {
    range.setStart(m.range.startContainer, m.range.startOffset);
    range.setEnd(m.range.endContainer, m.range.endOffset);
  } catch {
    return;
  }
  const rect = range.getBoundingClientRect();
  const view = doc.defaultView!;
  const reduced = view.matchMedia('(prefers-reduced-motion: reduce)').matches;
  view.scrollTo({ top: view.scrollY + rect.top - view.innerHeight / 3, behavior: reduced ? 'auto' : 'smooth' });
  painter.add(FLASH, m.range);
  setTimeout(() => painter.delete(FLASH, m.range), FLASH_MS);
}
