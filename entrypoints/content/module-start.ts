/**
 * Imported first by the content script, so this runs before the rest of its module's top
 * level: `main` measures from here to its first wait (`dossier:start`, detail "module"),
 * the main-thread task in which the module runs its top level. (The loader's own two
 * tasks are measured by the loader: scripts/vite-content-module.ts.)
 */
export const MODULE_START_MARK = 'dossier:module-start';

performance.mark(MODULE_START_MARK);
