/**
 * Compiles the knowledge base into the extension at build time: the alias index, prebuilt
 * (AliasIndexImage), becomes the virtual module `virtual:dossier-kb-index` (bundled into
 * the content script) with its tables in `kb/index.bin`, and the
 * cards become `kb/cards.json` (read by extension pages on demand), their names alone
 * `kb/names.json`. A bad entry fails the
 * build with its file and id.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineWxtModule } from 'wxt/modules';
import { compileFromDisk } from '../scripts/kb/load-sources';
import type { CompiledKb } from '../utils/kb/compile';
import type { AliasIndexImage, NameMap } from '../utils/kb/types';
import { INDEX_TABLES_PATH } from '../utils/kb-tables';
import { indexImageParts } from '../utils/match/alias-index-image';

const VIRTUAL_ID = 'virtual:dossier-kb-index';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

export default defineWxtModule({
  name: 'dossier-kb',
  setup(wxt) {
    let compiled: CompiledKb | undefined;
    let image: { image: AliasIndexImage; bytes: Uint8Array } | undefined;
    const compile = () => (compiled ??= compileFromDisk(wxt.config.root));
    // Built once per build: the tables' file and the content script's copy must agree.
    const getImage = () => (image ??= indexImageParts(compile().index));
    wxt.hooks.hook('build:before', () => {
      compiled = undefined;
      image = undefined;
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
      // The alias index's tables, as bytes (generated files are text: this one is copied).
      const tablesFile = join(wxt.config.wxtDir, 'kb-index.bin');
      mkdirSync(wxt.config.wxtDir, { recursive: true });
      writeFileSync(tablesFile, getImage().bytes);
      files.push({ relativeDest: INDEX_TABLES_PATH, absoluteSrc: tablesFile });
    });
    wxt.hooks.hook('vite:build:extendConfig', (_entries, config) => {
      config.plugins ??= [];
      config.plugins.push({
        name: 'dossier-kb-index',
        resolveId: (id: string) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
        // The image without its tables (those are kb/index.bin): an object of string
        // literals (JSON is valid JavaScript), made on first use. Pages where Dossier is off
        // never call it.
        load: (id: string) => {
          if (id !== RESOLVED_ID) return undefined;
          return `export default function loadIndexData() {\n  return ${JSON.stringify(getImage().image)};\n}`;
        },
      });
    });
  },
});
