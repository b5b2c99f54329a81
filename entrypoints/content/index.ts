import { defineContentScript } from 'wxt/utils/define-content-script';
import indexData from 'virtual:dossier-kb-index';
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main() {
    console.log('dossier content', indexData.ids.length);
  },
});
