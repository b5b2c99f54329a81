/**
 * A Vite plugin that tightens the CSS we keep in template literals (`*-styles.ts`): runs of
 * whitespace become one space, and none is kept around braces and semicolons, after a
 * colon or comma, or before !important. The content script ships that CSS to every page
 * and has a 40 KB budget; the source stays readable. Only whitespace CSS never needs is
 * touched: a space before a colon (a descendant selector like `.a :hover`) stays.
 */
import type { Plugin } from 'vite';

export function tightCss(): Plugin {
  return {
    name: 'dossier-tight-css',
    transform(code, id) {
      if (!/-styles\.ts$/.test(id.split('?')[0]!)) return undefined;
      const tight = code.replace(/`([^`$]*)`/g, (_, css: string) => '`' + css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').replace(/ ?([{};]) ?/g, '$1').replace(/([:,]) /g, '$1').replace(/ !important/g, '!important').trim() + '`');
      return { code: tight, map: null };
    },
  };
}
