// @vitest-environment happy-dom
/**
 * The popup's pieces, rendered with Preact in a DOM: the virtual list (a window of rows out
 * of ten thousand, keyboard movement that keeps focus) and a note's row (what it shows,
 * editing in place, errors, Escape, filters and delete).
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NoteRow, type NoteRowActions } from '../../components/NoteRow';
import { VirtualList } from '../../components/VirtualList';
import { I18nContext } from '../../components/i18n-context';
import { translator } from '../../utils/i18n';
import type { NoteRecord } from '../../utils/notes/types';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const key = (el: Element, k: string, init: KeyboardEventInit = {}) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, ...init })));

describe('VirtualList', () => {
  const items = Array.from({ length: 10_000 }, (_, i) => i);
  const mount = () =>
    act(() =>
      render(
        <div style={{ height: '500px' }}>
          <VirtualList
            items={items}
            keyOf={(i) => String(i)}
            estimate={() => 100}
            focusable={(i) => i % 5 !== 0} // every fifth row is a heading
            label="rows"
            render={(i) => (i % 5 === 0 ? <h3>head {i}</h3> : <article tabIndex={0} data-row-focus>row {i}</article>)}
          />
        </div>,
        root,
      ),
    );

  it('renders a window of rows, not ten thousand, and follows the scroll', async () => {
    await mount();
    const rendered = () => [...root.querySelectorAll('[data-index]')].map((e) => Number(e.getAttribute('data-index')));
    expect(rendered().length).toBeGreaterThan(3);
    expect(rendered().length).toBeLessThan(30);
    expect(rendered()).toContain(0);
    // The list is as tall as all its rows.
    expect((root.querySelector('[role=list]') as HTMLElement).style.height).toBe('1000000px');
    const viewport = root.querySelector('.vlist') as HTMLElement;
    viewport.scrollTop = 500_000;
    await act(() => void viewport.dispatchEvent(new Event('scroll')));
    expect(rendered()).toContain(5000);
    expect(rendered()).not.toContain(0);
  });

  it('moves focus with the arrow keys over headings, and to the end, keeping the focused row rendered', async () => {
    await mount();
    const row = (i: number) => root.querySelector(`[data-index="${i}"] [data-row-focus]`) as HTMLElement;
    row(1).focus();
    await key(row(1), 'ArrowDown');
    expect(document.activeElement).toBe(row(2));
    await key(row(2), 'ArrowDown');
    await key(row(3), 'ArrowDown');
    await key(row(4), 'ArrowDown'); // 5 is a heading: skipped
    expect(document.activeElement).toBe(row(6));
    await key(row(6), 'ArrowUp');
    expect(document.activeElement).toBe(row(4));
    await key(row(4), 'End');
    expect(document.activeElement).toBe(row(9999));
    await key(row(9999), 'Home');
    expect(document.activeElement).toBe(row(1));
  });

  it('leaves keys alone inside a row (an editor, a button)', async () => {
    await mount();
    const inner = document.createElement('input');
    root.querySelector('[data-index="1"] [data-row-focus]')!.append(inner);
    inner.focus();
    await key(inner, 'ArrowDown');
    expect(document.activeElement).toBe(inner);
  });
});

describe('NoteRow', () => {
  const note: NoteRecord = {
    id: '00000000-0000-4000-8000-000000000001',
    created: '2026-11-20T10:00:00.000Z',
    updated: '2026-11-20T10:00:00.000Z',
    page: { url: 'https://news.example/story', visitedUrl: 'https://news.example/story', title: 'Story', site: 'news.example', lang: 'en' },
    quote: { exact: 'Canada will share more intelligence with Japan', prefix: 'officials said ', suffix: ' and deepen ties' },
    position: { start: 10, end: 56 },
    entities: ['ca', 'jp'],
    note: 'Worth following',
    tags: ['japan'],
    pageKeys: ['news.example/story'],
    anchor: { status: 'orphan', checked: '2026-11-21T10:00:00.000Z' },
  };
  const names = { ca: { kind: 'country' as const, name: { en: 'Canada', fr: 'Canada' } }, jp: { kind: 'country' as const, name: { en: 'Japan', fr: 'Japon' } } };

  function mount(actions: Partial<NoteRowActions>, lang: 'en' | 'fr' = 'en') {
    const all: NoteRowActions = { open: vi.fn(), edit: vi.fn(async () => null), remove: vi.fn(), filterEntity: vi.fn(), filterTag: vi.fn(), ...actions };
    render(
      <I18nContext.Provider value={{ lang, t: translator(lang) }}>
        <NoteRow note={note} names={names} actions={all} />
      </I18nContext.Provider>,
      root,
    );
    return all;
  }
  const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name)!;

  it('shows the passage, the note, entity and tag chips, the date and that the passage is gone', () => {
    mount({});
    const text = root.textContent!;
    expect(text).toContain('Canada will share more intelligence with Japan');
    expect(text).toContain('Worth following');
    expect(text).toContain('Saved Nov 20, 2026');
    expect(text).toContain('Not found on the page any more');
    expect(button('Canada')).toBeTruthy();
    expect(button('#japan')).toBeTruthy();
    expect(root.querySelector('a')!.getAttribute('href')).toBe('https://news.example/story#:~:text=officials%20said-,Canada%20will%20share%20more%20intelligence%20with%20Japan,-and%20deepen%20ties');
  });

  it('names entities in the reader’s language', () => {
    mount({}, 'fr');
    expect(button('Japon')).toBeTruthy();
    expect(root.textContent).toContain('Enregistrée le');
  });

  it('filters, opens and deletes through its actions', async () => {
    const a = mount({});
    await act(() => button('Japan').click());
    expect(a.filterEntity).toHaveBeenCalledWith('jp');
    await act(() => button('#japan').click());
    expect(a.filterTag).toHaveBeenCalledWith('japan');
    await act(() => root.querySelector('a')!.click());
    expect(a.open).toHaveBeenCalledWith(expect.stringContaining('#:~:text='));
    await act(() => button('Delete').click());
    expect(a.remove).toHaveBeenCalledWith(note);
  });

  it('edits the note and tags in place; Ctrl+Enter saves', async () => {
    const a = mount({});
    await act(() => button('Edit').click());
    const area = root.querySelector('textarea')!;
    expect(document.activeElement).toBe(area);
    expect(area.value).toBe('Worth following');
    area.value = '  Checked with the ministry  ';
    await act(() => void area.dispatchEvent(new Event('input', { bubbles: true })));
    const tags = root.querySelector('input[type=text]') as HTMLInputElement;
    tags.value = 'verified, ministry, verified';
    await act(() => void tags.dispatchEvent(new Event('input', { bubbles: true })));
    await key(area, 'Enter', { ctrlKey: true });
    await act(async () => undefined);
    expect(a.edit).toHaveBeenCalledWith(note.id, { note: 'Checked with the ministry', tags: ['verified', 'ministry'] });
    expect(root.querySelector('textarea')).toBeNull();
  });

  it('keeps the editor open with the reason when saving fails, and Escape leaves without saving', async () => {
    const a = mount({ edit: vi.fn(async () => 'The change was not saved: disk full') });
    await act(() => button('Edit').click());
    await act(() => button('Save').click());
    await act(async () => undefined);
    expect(root.querySelector('[role=alert]')!.textContent).toBe('The change was not saved: disk full');
    expect(root.querySelector('textarea')).not.toBeNull();
    await key(root.querySelector('textarea')!, 'Escape');
    expect(root.querySelector('textarea')).toBeNull();
    expect(a.edit).toHaveBeenCalledTimes(1);
  });
});
