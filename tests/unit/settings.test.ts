import { describe, expect, it } from 'vitest';
import { parseSettings, siteFromInput, siteOf } from '../../utils/settings';

const DEFAULTS = {
  paused: false,
  disabledSites: [],
  hoverDelay: 250,
  language: 'auto',
  hiddenKinds: [],
  underline: 'solid',
  firstMentionOnly: false,
  selectionToolbar: true,
  badge: false,
};

describe('settings', () => {
  it('gives the defaults when nothing is stored', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULTS);
    expect(parseSettings({})).toEqual(DEFAULTS);
  });

  it('reads settings stored before the newer keys existed, keeping what they say', () => {
    const old = { paused: true, disabledSites: ['news.example'], hoverDelay: 500, language: 'fr' };
    expect(parseSettings(old)).toEqual({ ...DEFAULTS, ...old });
  });

  it('keeps every new setting that is valid', () => {
    const s = { ...DEFAULTS, hiddenKinds: ['person', 'place'], underline: 'tint', firstMentionOnly: true, selectionToolbar: false, badge: true };
    expect(parseSettings(s)).toEqual(s);
    // A kind this version does not know is kept (a later version may know it) and ignored.
    expect(parseSettings({ hiddenKinds: ['spacecraft'] }).hiddenKinds).toEqual(['spacecraft']);
  });

  it('falls back to the default for each unreadable value, keeping the others', () => {
    const s = parseSettings({
      disabledSites: ['news.example'],
      hoverDelay: 99_999,
      language: 'de',
      hiddenKinds: 'person',
      underline: 'double',
      firstMentionOnly: 'yes',
      selectionToolbar: 0,
      badge: null,
      paused: {},
    });
    expect(s).toEqual({ ...DEFAULTS, disabledSites: ['news.example'] });
    expect(parseSettings({ hoverDelay: -1 }).hoverDelay).toBe(250);
    expect(parseSettings({ hiddenKinds: [1, 2] }).hiddenKinds).toEqual([]);
    expect(parseSettings({ hiddenKinds: Array(51).fill('person') }).hiddenKinds).toEqual([]);
  });

  it('falls back to the defaults for garbage that is not an object', () => {
    for (const raw of ['settings', 42, true, [1, 2], null]) expect(parseSettings(raw), String(raw)).toEqual(DEFAULTS);
  });

  it('drops keys it does not know', () => {
    expect(parseSettings({ badge: true, surprise: 1 })).toEqual({ ...DEFAULTS, badge: true });
  });
});

describe('a site typed in the options page', () => {
  it('is the key pages of that site are switched off under', () => {
    for (const [input, site] of [
      ['news.example.com', 'news.example.com'],
      ['www.example.org', 'example.org'],
      ['  Example.ORG  ', 'example.org'],
      ['https://www.theglobeandmail.com/world/article-x/?utm=1#top', 'theglobeandmail.com'],
      ['http://127.0.0.1:8080/pages/a.html', '127.0.0.1'],
      ['127.0.0.1', '127.0.0.1'],
      ['example.org:8443/path', 'example.org'],
      ['localhost', 'localhost'],
      ['bücher.example', 'xn--bcher-kva.example'],
      ['http://[::1]/', '[::1]'],
    ] as const) {
      expect(siteFromInput(input), input).toEqual({ site });
      if (input.includes('://')) expect(siteOf(input)).toBe(site);
    }
  });

  it('is refused, with the reason, when it is not a site', () => {
    expect(siteFromInput('   ')).toEqual({ problem: 'empty' });
    for (const junk of ['chrome://settings', 'file:///home/me/a.html', 'ftp://example.org', 'mailto:someone@example.org', 'javascript:alert(1)']) {
      expect(siteFromInput(junk), junk).toEqual({ problem: 'scheme' });
    }
    for (const junk of ['hello world', 'news', 'https://', 'example..org', '12345', '1.2.3', '!!!', 'a_b.example', '-bad.example', 'http://exa mple.org', '.example.org']) {
      expect(siteFromInput(junk), junk).toEqual({ problem: 'invalid' });
    }
  });
});
