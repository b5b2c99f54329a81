/**
 * Compiles the knowledge base into the extension at build time: the alias index, prebuilt
 * (AliasIndexImage), becomes the virtual module `virtual:dossier-kb-index` (bundled into
 * the content script) and the
 * cards become `kb/cards.json` (read by extension pages on demand), their names alone
 * `kb/names.json`. A bad entry fails the
 * build with its file and id.
 */
import { defineWxtModule } from 'wxt/modules';
import { compileFromDisk } from '../scripts/kb/load-sources';
import type { CompiledKb } from '../utils/kb/compile';
import type { NameMap } from '../utils/kb/types';
import { indexImage } from '../utils/match/alias-index-image';

const VIRTUAL_ID = 'virtual:dossier-kb-index';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

export default defineWxtModule({
  name: 'dossier-kb',
  setup(wxt) {
    let compiled: CompiledKb | undefined;
    const compile = () => (compiled ??= compileFromDisk(wxt.config.root));
    wxt.hooks.hook('build:before', () => {
      compiled = undefined;
      const kb = compile();
      wxt.logger.info(`Knowledge base: ${kb.stats.entities} entities, ${kb.stats.aliases} aliases`);
    });
    wxt.hooks.hook('build:publicAssets', (_wxt, files) => {
      const cards = compile().cards;
      files.push({ relativeDest: 'kb/cards.json', contents: JSON.stringify(cards) });
      // Names only (a tenth of the size), for the notes list's chips and search.
      const names: NameMap = {};
      for (const [id, c] of Object.entries(cards)) names[id] = { kind: c.kind, name: c.name };
      files.push({ relativeDest: 'kb/names.json', contents: JSON.stringify(names) });
    });
    wxt.hooks.hook('vite:build:extendConfig', (_entries, config) => {
      config.plugins ??= [];
      config.plugins.push({
        name: 'dossier-kb-index',
        resolveId: (id: string) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
        // An object of string literals (JSON is valid JavaScript), made on first use: the
        // strings live in the old generation with the script's code, so loading the index
        // gives the garbage collector nothing to copy (packed-ints.ts). Pages where
        // Dossier is off never call it.
        load: (id: string) =>
          id === RESOLVED_ID ? `export default function loadIndexData() {\n  return ${JSON.stringify(indexImage(compile().index))};\n}` : undefined,
      });
    });
  },
});
