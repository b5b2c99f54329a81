declare module 'virtual:dossier-kb-index' {
  import type { AliasIndexImage } from './types';
  /** The prebuilt alias index compiled into the content script (see modules/kb.ts). */
  export default function loadIndexData(): AliasIndexImage;
}
