declare module 'virtual:dossier-kb-index' {
  import type { AliasIndexData } from './types';
  const data: AliasIndexData;
  export default data;
}
