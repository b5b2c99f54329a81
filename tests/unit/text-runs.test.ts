// @vitest-environment happy-dom
/**
 * How the walker reads a page's text into runs: what is skipped, where a run continues
 * across inline elements and where a block ends it, including siblings that share a
 * parent (decided from their own tag, see TextRunWalker.decide).
 */
import { describe, expect, it } from 'vitest';
import { NODE_SEPARATOR, TextRunWalker } from '../../utils/page/text-runs';

function runs(html: string, ownHostId?: string): string[] {
  // Our own literal fixtures only (see the safety rules): nothing from outside is parsed.
  // eslint-disable-next-line no-restricted-properties
  document.body.innerHTML = html;
  const host = ownHostId ? document.getElementById(ownHostId) : null;
  const walker = new TextRunWalker(document.body, host);
  const out: string[] = [];
  for (let run = walker.next(); run; run = walker.next()) {
    // Offsets of every node must point at its text in the run.
    run.nodes.forEach((n, i) => expect(run.text.slice(run.starts[i], run.starts[i]! + n.data.length)).toBe(n.data));
    out.push(run.text.split(NODE_SEPARATOR).join('|'));
  }
  return out;
}

describe('TextRunWalker', () => {
  it('joins inline elements into one run and splits at blocks', () => {
    expect(runs('<p>Minister <a href="#">Mélanie</a> <b>Joly</b> said</p><p>Canada</p>')).toEqual(['Minister |Mélanie|Joly| said', 'Canada']);
  });

  it('skips non-prose siblings among paragraphs of one parent', () => {
    expect(runs('<article><p>Canada</p><code>Japan</code><p>China</p><script>var India</script><p>Peru</p></article>')).toEqual(['Canada', 'China', 'Peru']);
  });

  it('skips editable regions, our own host and everything inside them', () => {
    expect(
      runs('<div><p>Canada</p><div contenteditable="true"><p>Japan</p><p>Chile</p></div><p>China</p><div id="own"><p>Peru</p><p>Cuba</p></div><p>Mali</p></div>', 'own'),
    ).toEqual(['Canada', 'China', 'Mali']);
  });

  it('keeps inline siblings in their block and separates sibling blocks', () => {
    expect(runs('<div>Start <span>France</span><span>Spain</span><p>Italy</p><em>Greece</em> end</div>')).toEqual(['Start |France|Spain', 'Italy', 'Greece| end']);
  });

  it('ignores whitespace-only text between elements', () => {
    expect(runs('<ul>\n  <li>Canada</li>\n  <li>Japan</li>\n</ul>')).toEqual(['Canada', 'Japan']);
  });

  it('reads text under skipped parents again once back in prose of the same parent', () => {
    expect(runs('<section><p>One</p><textarea>Two</textarea><p>Three <kbd>Four</kbd> five</p></section>')).toEqual(['One', 'Three | five']);
  });
});

describe('TextRunWalker when the page changes between slices', () => {
  function page(): TextRunWalker {
    // eslint-disable-next-line no-restricted-properties
    document.body.innerHTML = '<main><div id="a"><p>Canada</p><p>Japan</p></div><div id="b"><p>Chile</p></div></main><footer><p>Peru</p></footer>';
    return new TextRunWalker(document.body);
  }

  it('goes on after what the page removed, and says what to read again', () => {
    const walker = page();
    expect(walker.next()!.text).toBe('Canada');
    walker.pause();
    // The page re-renders the block the walk stands in.
    document.getElementById('a')!.replaceWith(Object.assign(document.createElement('div'), { textContent: 'Brazil' }));
    const stale = walker.resume();
    expect(stale).toBe(document.querySelector('main'));
    const rest: string[] = [];
    for (let run = walker.next(); run; run = walker.next()) rest.push(run.text);
    // Without this the walk would have ended inside the removed block, and Peru gone unread.
    expect(rest).toEqual(['Peru']);
  });

  it('asks for nothing when nothing under the walk was removed', () => {
    const walker = page();
    expect(walker.next()!.text).toBe('Canada');
    walker.pause();
    document.getElementById('b')!.remove();
    expect(walker.resume()).toBeNull();
    expect(walker.next()!.text).toBe('Japan');
  });
});
