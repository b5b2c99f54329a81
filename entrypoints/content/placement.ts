/**
 * Floating UI placement for our card and toolbar, with a platform of our own.
 *
 * Both live in the top layer (Popover API) at `position: fixed; top: 0; left: 0` and are
 * moved by a transform: their containing block is the viewport, whatever the page's
 * layout, transforms or scroll containers. So positions are viewport coordinates, the
 * only clipping boundary is the viewport, and there is no offset parent to convert from
 * — which is what the bulk of @floating-ui/dom's platform works out for the general case.
 * @floating-ui/core with this platform does the same placement (offset, flip, shift,
 * inline) for 4 KB less gzipped in a script that runs on every page (bench report,
 * "content script").
 */
import { computePosition, type ComputePositionConfig, type Platform } from '@floating-ui/core';

/** Something with a box on screen: a Range, an element, or one line of a range. */
export interface Reference {
  getBoundingClientRect(): DOMRect;
}

const rect = (r: DOMRect) => ({ x: r.left, y: r.top, width: r.width, height: r.height });

const topLayer: Platform = {
  getElementRects: ({ reference, floating }) => ({
    reference: rect((reference as Reference).getBoundingClientRect()),
    // Layout size: the transform that positions it does not count.
    floating: { x: 0, y: 0, width: (floating as HTMLElement).offsetWidth, height: (floating as HTMLElement).offsetHeight },
  }),
  getDimensions: (el: HTMLElement) => ({ width: el.offsetWidth, height: el.offsetHeight }),
  // The visual viewport when zoomed in on a phone or a touchpad; its size leaves out scroll bars.
  getClippingRect: ({ element }) => {
    const win = (element as HTMLElement).ownerDocument.defaultView!;
    const vv = win.visualViewport;
    return vv ? { x: vv.offsetLeft, y: vv.offsetTop, width: vv.width, height: vv.height } : { x: 0, y: 0, width: win.innerWidth, height: win.innerHeight };
  },
  isRTL: (el: HTMLElement) => el.ownerDocument.defaultView!.getComputedStyle(el).direction === 'rtl',
};

/** Where `floating` goes beside `reference`, in viewport pixels. */
export function placeBeside(reference: Reference, floating: HTMLElement, config: Omit<ComputePositionConfig, 'platform' | 'strategy'>): Promise<{ x: number; y: number }> {
  return computePosition(reference, floating, { ...config, strategy: 'fixed', platform: topLayer });
}
