/**
 * A Vite plugin importing .yml files as data (the UI strings in locales/). With
 * `?sections=a,b` only those top-level keys are kept (the content script's strings).
 */
import type { Plugin } from 'vite';
import { parse } from 'yaml';

export function yamlData(): Plugin {
  return {
    name: 'dossier-yaml-data',
    transform(code, id) {
      const [file, query = ''] = id.split('?', 2) as [string, string?];
      if (!file.endsWith('.yml') && !file.endsWith('.yaml')) return undefined;
      let data = parse(code) as Record<string, unknown>;
      const sections = new URLSearchParams(query).get('sections');
      if (sections !== null) {
        const wanted = sections.split(',');
        const missing = wanted.filter((s) => !(s in data));
        if (missing.length) this.error(`${file}: no section ${missing.join(', ')}`);
        data = Object.fromEntries(wanted.map((s) => [s, data[s]]));
      }
      return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});`, map: null };
    },
  };
}
