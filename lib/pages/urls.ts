/**
 * Pure URL detectors, one per Seller Central page kind, each carrying the URLs it must recognise
 * (notes/seller-central.md §1.3). A matrix test checks every URL against every detector.
 */
import { isSellerCentralHost } from '../hosts';

export type PageKind = 'reviews' | 'feedback' | 'voc' | 'messages' | 'returns';

export interface UrlDetector {
  kind: PageKind;
  matches(url: URL): boolean;
  testUrls: string[];
}

/** India and some accounts wrap pages under `/amazonsell/<app>/container/…`; detectors look past the wrapper. */
function pathOf(url: URL): string {
  return url.pathname.replace(/^\/amazonsell\/[^/]+\/container(?=\/)/, '').toLowerCase();
}

export const URL_DETECTORS: UrlDetector[] = [
  {
    kind: 'reviews',
    matches: (url) => /^\/brand-customer-reviews(\/|$)/.test(pathOf(url)),
    testUrls: [
      'https://sellercentral.amazon.com/brand-customer-reviews/',
      'https://sellercentral.amazon.com/brand-customer-reviews/ref=xx_crvws_dnav_xx',
      'https://sellercentral-europe.amazon.com/brand-customer-reviews/?pageSize=50&stars=1,2,3&includeDone=true&pageNumber=2#sortBy=RECENT',
      'https://sellercentral.amazon.in/brand-customer-reviews/',
      'https://sellercentral-japan.amazon.com/brand-customer-reviews/?pageSize=25',
    ],
  },
  {
    kind: 'feedback',
    matches: (url) => /^\/feedback-manager(\/|$)/.test(pathOf(url)),
    testUrls: [
      'https://sellercentral.amazon.com/feedback-manager/index.html#/',
      'https://sellercentral.amazon.co.uk/feedback-manager/index.html#/report',
      'https://sellercentral.amazon.de/feedback-manager/index.html',
    ],
  },
  {
    kind: 'voc',
    matches: (url) => /^\/voice-of-the-customer(\/|$)/.test(pathOf(url)),
    testUrls: [
      'https://sellercentral.amazon.com/voice-of-the-customer/',
      'https://sellercentral.amazon.com/voice-of-the-customer/ref=xx_voc_dnav_xx',
      'https://sellercentral.amazon.co.jp/voice-of-the-customer/details?asin=B08XYZ1234&sku=SKU-1',
    ],
  },
  {
    kind: 'messages',
    matches: (url) => /^\/messaging\/inbox(-v\d+)?(\/|$)/.test(pathOf(url)),
    testUrls: [
      'https://sellercentral.amazon.com/messaging/inbox',
      'https://sellercentral.amazon.com/messaging/inbox-v3?fi=responseNeeded',
      'https://sellercentral.amazon.com/messaging/inbox-v3?fi=search&ss=113-1234567-1234567',
      'https://sellercentral.amazon.com/messaging/inbox?fi=caseId&ss=8b1f6c1e-2f4a&cc=8b1f6c1e-2f4a',
      'https://sellercentral.amazon.com/messaging/inbox/ref=ag_cmin_wper_home?cs=1&ct=2&fi=RESPONSE_NEEDED&pn=1',
      'https://sellercentral-europe.amazon.com/messaging/inbox-v3?cc=abc123',
    ],
  },
  {
    kind: 'returns',
    matches: (url) => /^\/(gp\/returns\/list|returns\/list|manage\/returns)(\/|$)/.test(pathOf(url)),
    testUrls: [
      'https://sellercentral.amazon.com/gp/returns/list?searchType=orderId&keywordSearch=113-1234567-1234567&preSelectedRange=30',
      'https://sellercentral.amazon.co.uk/gp/returns/list/v2?searchBy=ORDER_ID&orderBy=CreatedDateDesc&selectedDateRange=90',
      'https://sellercentral.amazon.com/returns/list?pageSize=25&returnRequestState=authorizationRequired&pageNumber=1',
      'https://sellercentral.amazon.com/manage/returns/mfn?~return_status=Approved',
      'https://sellercentral.amazon.in/amazonsell/orders/container/gp/returns/list/v2?returnRequestState=pendingActions',
      'https://sellercentral.amazon.com/gp/returns/list/v2/actions?returnRequestId=Dabc123&marketplaceId=ATVPDKIKX0DER&tabId=1',
    ],
  },
];

/** URLs that are Seller Central but none of the kinds above (buttons must not appear there). */
export const OTHER_SELLER_CENTRAL_URLS = [
  'https://sellercentral.amazon.com/home',
  'https://sellercentral.amazon.com/orders-v3/order/113-1234567-1234567',
  'https://sellercentral.amazon.com/inventory',
  'https://sellercentral.amazon.com/messaging/contact?orderID=113-1234567-1234567&marketplaceID=ATVPDKIKX0DER',
  'https://sellercentral.amazon.com/messaging/reviews?orderId=113-1234567-1234567&marketplaceId=ATVPDKIKX0DER',
];

/** The page kind of a URL, or undefined off Seller Central and on pages without items. */
export function pageKindOf(url: URL): PageKind | undefined {
  if (!isSellerCentralHost(url.hostname)) return undefined;
  return URL_DETECTORS.find((detector) => detector.matches(url))?.kind;
}
