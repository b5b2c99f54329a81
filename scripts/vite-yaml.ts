/** A Vite plugin importing .yml files as data (the UI strings in locales/). */
import type { Plugin } from 'vite';
import { parse } from 'yaml';

export function yamlData(): Plugin {
  return {
    name: 'dossier-yaml-data',
    transform(code, id) {
      if (!id.endsWith('.yml') && !id.endsWith('.yaml')) return undefined;
      return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(parse(code)))});`, map: null };
    },
  };
}
