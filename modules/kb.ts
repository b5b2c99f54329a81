/**
 * Compiles the knowledge base into the extension at build time: the alias index becomes
 * the virtual module `virtual:dossier-kb-index` (bundled into the content script) and the
 * cards become `kb/cards.json` (read by extension pages on demand). A bad entry fails the
 * build with its file and id.
 */
import { defineWxtModule } from 'wxt/modules';
import { compileFromDisk } from '../scripts/kb/load-sources';
import type { CompiledKb } from '../utils/kb/compile';

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
      files.push({ relativeDest: 'kb/cards.json', contents: JSON.stringify(compile().cards) });
    });
    wxt.hooks.hook('vite:build:extendConfig', (_entries, config) => {
      config.plugins ??= [];
      config.plugins.push({
        name: 'dossier-kb-index',
        resolveId: (id: string) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
        load: (id: string) => (id === RESOLVED_ID ? `export default JSON.parse(${JSON.stringify(JSON.stringify(compile().index))});` : undefined),
      });
    });
  },
});
