/** What every Seller Central page adapter provides to the content script. */
import type { ItemContext, Source } from '../model';
import type { PageKind } from './urls';

export interface PageAdapter {
  kind: PageKind;
  source: Source;
  /**
   * Every item element present in the DOM now (not only those in view), searched through open shadow roots.
   * Header, summary and other non-item rows are never returned; nested duplicates are not returned twice
   * (an item is never inside another returned item).
   */
  findItems(root: Document): Element[];
  /**
   * The item's context as it shows *now* (cards and rows are recycled for other content, so never cache by
   * element). `url` is the page URL; `marketplace` falls back to the URL's marketplace.
   */
  extract(item: Element, url: URL): ItemContext;
  /**
   * The item's key (lib/itemKey.ts) read cheaply from attributes, or undefined when only `extract` can tell.
   * When given, it must equal `itemKeyOf(extract(item, url))`: the content script follows thousands of items
   * (and recycled cards) by key, and a full extract of each one cost most of its time on big pages.
   */
  keyOf?(item: Element, url: URL): string | undefined;
  /**
   * Where inside the item the "Add tag" bar (button + chips) is appended, e.g. the last cell of a table row.
   * Must be inside the item's subtree. Defaults to the item itself.
   */
  mountPoint?(item: Element): Element;
}
