import { SELLER_CENTRAL_MATCHES } from '@/lib/hosts';
import { pageKindOf } from '@/lib/pages/urls';

export default defineContentScript({
  matches: [...SELLER_CENTRAL_MATCHES],
  runAt: 'document_idle',
  main() {
    document.documentElement.dataset.sctPageKind = pageKindOf(new URL(location.href)) ?? 'none';
  },
});
