/** Building a valid ItemContext (lib/model.ts) from whatever an adapter scraped. */
import { marketplaceOfUrl } from '../hosts';
import type { ItemContext, Source } from '../model';
import { clean, openShadowRoots, starsOf } from './dom';
import { marketplaceOfSwitcher } from './switcher';

/** Field caps of itemContextSchema. */
const MAX: Record<string, number> = {
  asin: 20,
  sku: 200,
  orderId: 40,
  reviewId: 40,
  returnRequestId: 80,
  caseId: 120,
  title: 2_000,
  text: 200_000,
  buyer: 500,
  returnReason: 500,
  returnReasonCode: 80,
  buyerComment: 200_000,
  itemDate: 100,
};

export type ScrapedFields = Partial<Omit<ItemContext, 'source' | 'marketplace' | 'pageUrl' | 'rating'>> & {
  marketplace?: string;
  rating?: number | string;
};

/**
 * A valid ItemContext: strings collapsed and capped, empty ones dropped (never the string "undefined"),
 * rating an integer 1–5 or absent, marketplace the item's own or the URL's.
 */
export function makeContext(source: Source, url: URL, fields: ScrapedFields): ItemContext {
  const context: ItemContext = {
    source,
    marketplace: contextMarketplace(url, fields.marketplace),
    pageUrl: url.href.slice(0, 4_000),
  };
  const rating = starsOf(fields.rating);
  if (rating) context.rating = rating;
  for (const [key, max] of Object.entries(MAX)) {
    const value = (fields as Record<string, unknown>)[key];
    if (typeof value !== 'string') continue;
    const cleaned = clean(value, max);
    if (cleaned && cleaned !== 'undefined' && cleaned !== 'null') (context as Record<string, unknown>)[key] = cleaned;
  }
  return context;
}

/** The marketplace a context gets: the item's own, else the page's. */
export function contextMarketplace(url: URL, own: string | undefined): string {
  return (own || pageMarketplace(url)).slice(0, 8);
}

/**
 * The page's marketplace: the host's country, a marketplace ID in the URL, or — on the EU unified host, which
 * serves several — the marketplace picked in the account switcher (notes/seller-central.md §1.2).
 */
function pageMarketplace(url: URL): string {
  const fromUrl = marketplaceOfUrl(url);
  if (fromUrl !== 'EU' || typeof document === 'undefined') return fromUrl;
  return marketplaceOfSwitcher(document) ?? fromUrl;
}

/** Attributes whose values show (or name) what an item displays; part of its signature. */
const SIGNATURE_ATTRIBUTES = [
  'data-testid',
  'id',
  'value',
  'href',
  'label',
  'text',
  'emphasis',
  'aria-label',
  'data-case-id',
];
const SIGNATURE_SELECTOR = SIGNATURE_ATTRIBUTES.map((name) => `[${name}]`).join(',');

/** What a signature re-reads: the item's shadow hosts and its elements carrying signature attributes. */
interface Probe {
  hosts: Element[];
  marked: Element[];
}

function probeOf(item: Element): Probe {
  const roots = openShadowRoots(item);
  const marked = [...item.querySelectorAll(SIGNATURE_SELECTOR)];
  for (const root of roots) marked.push(...root.querySelectorAll(SIGNATURE_SELECTOR));
  return { hosts: roots.map((root) => root.host), marked };
}

/**
 * A cheap fingerprint of what an item shows: light text, element count, its shadow roots' text and the attributes
 * carrying IDs, ratings, links and Katal labels (re-read from the elements found when it was last extracted; a
 * replaced element counts as a change).
 */
function signatureOf(item: Element, probe: Probe): string {
  const parts: string[] = [item.textContent ?? '', String(item.getElementsByTagName('*').length)];
  for (const name of SIGNATURE_ATTRIBUTES) parts.push(item.getAttribute(name) ?? '');
  for (const host of probe.hosts) parts.push(host.isConnected ? (host.shadowRoot?.textContent ?? '') : '\u0003');
  for (const el of probe.marked) {
    if (!el.isConnected) parts.push('\u0003');
    else for (const name of SIGNATURE_ATTRIBUTES) parts.push(el.getAttribute(name) ?? '');
  }
  return parts.join('\u0001');
}

/**
 * Wraps an adapter's extract with a per-element cache keyed by the element's signature and the page URL: the
 * content script extracts every item on every scan to follow recycled cards, and most scans change nothing.
 * A recycled card changes its signature, so it is read again.
 */
export function cachedExtract(
  extract: (item: Element, url: URL) => ItemContext,
): (item: Element, url: URL) => ItemContext {
  const cache = new WeakMap<Element, { probe: Probe; signature: string; href: string; context: ItemContext }>();
  return (item, url) => {
    const hit = cache.get(item);
    if (hit && hit.href === url.href && signatureOf(item, hit.probe) === hit.signature) return { ...hit.context };
    const context = extract(item, url);
    const probe = probeOf(item);
    cache.set(item, { probe, signature: signatureOf(item, probe), href: url.href, context });
    return { ...context };
  };
}
