/**
 * A country's flag. Flag emoji need a colour emoji font (Windows and many Linux machines
 * have none and show two letters or empty boxes), so we check once, by drawing one into a
 * canvas, and show the country code in a small badge where flags would not render.
 */
let supported: boolean | undefined;

export function flagEmojiSupported(): boolean {
  if (supported !== undefined) return supported;
  supported = false;
  try {
    const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(24, 24) : null;
    const ctx = canvas?.getContext('2d');
    if (ctx) {
      ctx.font = '20px sans-serif';
      ctx.textBaseline = 'top';
      ctx.fillText('\u{1F1E8}\u{1F1E6}', 0, 0); // 🇨🇦
      const data = ctx.getImageData(0, 0, 24, 24).data;
      // A rendered flag has saturated colour; a fallback box or letters are grey.
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
        if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) {
          supported = true;
          break;
        }
      }
    }
  } catch {
    supported = false;
  }
  return supported;
}

/** The flag of a country from its emoji; the badge shows the ISO code the emoji encodes. */
export function Flag({ emoji, class: className = 'flag' }: { emoji: string; class?: string }) {
  if (flagEmojiSupported()) {
    return (
      <span class={className} aria-hidden="true">
        {emoji}
      </span>
    );
  }
  const code = [...emoji].map((ch) => String.fromCharCode((ch.codePointAt(0) ?? 0) - 0x1f1e6 + 65)).join('');
  return (
    <span class={className} aria-hidden="true">
      <span class="code">{code}</span>
    </span>
  );
}
