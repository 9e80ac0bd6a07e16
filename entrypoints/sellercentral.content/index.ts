import { SELLER_CENTRAL_MATCHES } from '@/lib/hosts';
import { startInpageTagging } from '@/lib/inpage/main';

export default defineContentScript({
  matches: [...SELLER_CENTRAL_MATCHES],
  runAt: 'document_idle',
  main(ctx) {
    startInpageTagging(ctx);
  },
});
