/**
 * Seller Central hosts and the marketplace each one serves.
 * Chrome match patterns cannot wildcard a TLD, so every host is listed (notes/seller-central.md §1.1).
 */

/** Country-code hosts `sellercentral.amazon.<tld>` and the marketplace country each one serves. */
const COUNTRY_HOSTS: Record<string, string> = {
  'sellercentral.amazon.com': 'US',
  'sellercentral.amazon.ca': 'CA',
  'sellercentral.amazon.com.mx': 'MX',
  'sellercentral.amazon.com.br': 'BR',
  'sellercentral.amazon.co.uk': 'UK',
  'sellercentral.amazon.de': 'DE',
  'sellercentral.amazon.fr': 'FR',
  'sellercentral.amazon.it': 'IT',
  'sellercentral.amazon.es': 'ES',
  'sellercentral.amazon.nl': 'NL',
  'sellercentral.amazon.se': 'SE',
  'sellercentral.amazon.pl': 'PL',
  'sellercentral.amazon.com.tr': 'TR',
  'sellercentral.amazon.com.be': 'BE',
  'sellercentral.amazon.ie': 'IE',
  'sellercentral.amazon.co.jp': 'JP',
  'sellercentral.amazon.in': 'IN',
  'sellercentral.amazon.com.au': 'AU',
  'sellercentral.amazon.sg': 'SG',
  'sellercentral.amazon.ae': 'AE',
  'sellercentral.amazon.sa': 'SA',
  'sellercentral.amazon.eg': 'EG',
  'sellercentral.amazon.co.za': 'ZA',
};

/** Hosts that serve several marketplaces; the item or the page says which one. */
const MULTI_MARKETPLACE_HOSTS: Record<string, string> = {
  'sellercentral-europe.amazon.com': 'EU',
  'sellercentral-japan.amazon.com': 'JP',
};

export const SELLER_CENTRAL_HOSTS: readonly string[] = [
  ...Object.keys(COUNTRY_HOSTS),
  ...Object.keys(MULTI_MARKETPLACE_HOSTS),
];

/** Content-script and host-permission match patterns, one per host. */
export const SELLER_CENTRAL_MATCHES: readonly string[] = SELLER_CENTRAL_HOSTS.map((host) => `https://${host}/*`);

export function isSellerCentralHost(hostname: string): boolean {
  return hostname in COUNTRY_HOSTS || hostname in MULTI_MARKETPLACE_HOSTS;
}

/** Amazon marketplace IDs → country code (notes/seller-central.md §1.2). */
export const MARKETPLACE_IDS: Record<string, string> = {
  ATVPDKIKX0DER: 'US',
  A2EUQ1WTGCTBG2: 'CA',
  A1AM78C64UM0Y8: 'MX',
  A2Q3Y263D00KWC: 'BR',
  A2VIGQ35RCS4UG: 'AE',
  A19VAU5U5O7RUS: 'SG',
  A1VC38T7YXB528: 'JP',
  A39IBJ37TRP1C6: 'AU',
  A1F83G8C2ARO7P: 'UK',
  A1PA6795UKMFR9: 'DE',
  A13V1IB3VIYZZH: 'FR',
  APJ6JRA9NG5V4: 'IT',
  A1RKKUPIHCS9HS: 'ES',
  AMEN7PMS3EDWL: 'BE',
  A28R8C7NBKEWEA: 'IE',
  A2NODRKZP88ZB9: 'SE',
  A1C3SOZRARQ6R3: 'PL',
  A33AVAJ2PDY3EV: 'TR',
  A1805IZSGTT6HS: 'NL',
  A21TJRUUN4KGV: 'IN',
  A17E79C6D8DWNP: 'SA',
  ARBP9OOSHTCHU: 'EG',
  AE08WJ6YKNBMC: 'ZA',
};

/** Storefront hosts (www.amazon.<tld>, as in review links) → country code. */
const STOREFRONT_TLDS: Record<string, string> = {
  com: 'US',
  ca: 'CA',
  'com.mx': 'MX',
  'com.br': 'BR',
  'co.uk': 'UK',
  de: 'DE',
  fr: 'FR',
  it: 'IT',
  es: 'ES',
  nl: 'NL',
  se: 'SE',
  pl: 'PL',
  'com.tr': 'TR',
  'com.be': 'BE',
  ie: 'IE',
  'co.jp': 'JP',
  in: 'IN',
  'com.au': 'AU',
  sg: 'SG',
  ae: 'AE',
  sa: 'SA',
  eg: 'EG',
  'co.za': 'ZA',
};

/** Country of an Amazon storefront host such as `www.amazon.co.uk`, or undefined. */
export function marketplaceOfStorefrontHost(hostname: string): string | undefined {
  const match = /(?:^|\.)amazon\.([a-z.]+)$/i.exec(hostname.toLowerCase());
  if (!match) return undefined;
  return STOREFRONT_TLDS[match[1]];
}

/**
 * The marketplace a page belongs to, from its URL alone: the host's country, or on the multi-marketplace
 * hosts a marketplace ID in the query (`marketplaceId`, `mons_sel_mkid`, …). Falls back to the host's region.
 */
export function marketplaceOfUrl(url: URL): string {
  const fromHost = COUNTRY_HOSTS[url.hostname];
  if (fromHost) return fromHost;
  for (const [key, value] of url.searchParams) {
    if (!/marketplace|mkid|mp$/i.test(key)) continue;
    const country = marketplaceOfId(value);
    if (country) return country;
  }
  return MULTI_MARKETPLACE_HOSTS[url.hostname] ?? 'US';
}

/** Country of a marketplace ID, with or without the `amzn1.mp.o.` prefix; undefined when unknown. */
export function marketplaceOfId(id: string): string | undefined {
  for (const part of id.split(',')) {
    const bare = part.trim().replace(/^amzn1\.mp\.o\./i, '');
    if (MARKETPLACE_IDS[bare]) return MARKETPLACE_IDS[bare];
  }
  return undefined;
}
