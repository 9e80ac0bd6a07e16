/**
 * Page adapters, one per Seller Central page kind, and the helpers the content script needs:
 * `adapterForUrl` picks the adapter for a URL, `contextFromSelection` builds a context for "tag selection anywhere".
 */
import { marketplaceOfUrl } from '../hosts';
import type { ItemContext } from '../model';
import type { PageAdapter } from './adapter';
import { makeContext } from './context';
import { asinIn, composedParent, deepText, orderIdIn, reviewIdIn } from './dom';
import { feedbackAdapter } from './feedback';
import { messagesAdapter } from './messages';
import { returnsAdapter } from './returns';
import { reviewsAdapter } from './reviews';
import { pageKindOf } from './urls';
import { vocAdapter } from './voc';

export type { PageAdapter } from './adapter';
export { feedbackAdapter, messagesAdapter, returnsAdapter, reviewsAdapter, vocAdapter };

export const ALL_ADAPTERS: readonly PageAdapter[] = [
  reviewsAdapter,
  feedbackAdapter,
  vocAdapter,
  messagesAdapter,
  returnsAdapter,
];

/** The adapter for a Seller Central URL, or undefined off Seller Central and on pages without items. */
export function adapterForUrl(url: URL): PageAdapter | undefined {
  const kind = pageKindOf(url);
  return kind ? ALL_ADAPTERS.find((adapter) => adapter.kind === kind) : undefined;
}

/** How many ancestor levels above the selection are searched for IDs. */
const SELECTION_LEVELS = 6;

/**
 * Context for "tag selection anywhere" (source 'other'): order ID, ASIN and review ID from the text around the
 * selection, walking up a few ancestor levels (across shadow boundaries) until one is found; `text` is the text
 * of the nearest block holding the selection.
 */
export function contextFromSelection(range: Range, url: URL): ItemContext {
  let node: Node | null = range.commonAncestorContainer;
  let el: Element | null = node.nodeType === 1 ? (node as Element) : composedParent(node);
  let orderId: string | undefined;
  let asin: string | undefined;
  let reviewId: string | undefined;
  let blockText: string | undefined;
  for (let level = 0; el && level <= SELECTION_LEVELS; level++) {
    if (/^(?:body|html)$/.test(el.localName)) break;
    const text = deepText(el);
    blockText ??= text.length >= 20 || level >= 1 ? text : undefined;
    orderId ??= orderIdIn(text);
    asin ??= asinIn(text);
    reviewId ??= reviewIdIn(text);
    if (orderId && asin) break;
    node = el;
    el = composedParent(el);
  }
  return makeContext('other', url, {
    marketplace: marketplaceOfUrl(url),
    orderId,
    asin,
    reviewId,
    text: blockText ?? range.toString(),
  });
}
