declare module 'virtual:dossier-kb-index' {
  import type { AliasIndexImage } from './types';
  /** Parses the prebuilt alias index compiled into the content script (see modules/kb.ts). */
  export default function loadIndexData(): AliasIndexImage;
}
