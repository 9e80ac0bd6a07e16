/** The detail CSV: one row per tagging (columns fixed by PRODUCT.md's test contract). */
import type { Item, Tagging } from '../model';
import { isoWithOffset } from '../period';
import { PATH_SEPARATOR } from '../text';
import { ancestorsOf, type TagIndex } from '../tree';

export const DETAIL_HEADER = [
  'tagged_at',
  'source',
  'marketplace',
  'asin',
  'sku',
  'order_id',
  'review_id',
  'rating',
  'return_reason',
  'tag',
  'tag_path',
  'top_tag',
  'snippet',
  'note',
  'page_url',
] as const;

export type DetailColumn = (typeof DETAIL_HEADER)[number];

/** One detail row, cells in DETAIL_HEADER order (not yet neutralised: lib/csv.ts does that). */
export function detailRow(tagging: Tagging, item: Item | undefined, index: TagIndex): string[] {
  const chain = ancestorsOf(index, tagging.tagId);
  const leaf = chain[chain.length - 1];
  return [
    isoWithOffset(tagging.createdAt),
    tagging.source,
    tagging.marketplace,
    tagging.asin || item?.asin || '',
    item?.sku ?? '',
    item?.orderId ?? '',
    item?.reviewId ?? '',
    item?.rating === undefined ? '' : String(item.rating),
    item?.returnReason ?? '',
    leaf?.name ?? '',
    chain.map((tag) => tag.name).join(PATH_SEPARATOR),
    chain[0]?.name ?? '',
    tagging.snippet?.exact || wholeItemText(item),
    tagging.note,
    tagging.pageUrl,
  ];
}

/** Excel keeps at most 32,767 characters in a cell. */
const MAX_CELL = 32_000;

/**
 * What a tagging of the whole item (nothing selected) quotes in the snippet column: the item's main text, so the
 * report carries the buyer's own words. Import recognises it and tags the whole item again.
 */
export function wholeItemText(item: Pick<Item, 'text' | 'buyerComment'> | undefined): string {
  return (item?.text || item?.buyerComment || '').slice(0, MAX_CELL);
}

export const PRODUCT_FILE_PREFIX = 'after-sales-tags';

/** after-sales-tags-detail-2026-11-16_2026-11-22.csv, with the ASIN when the export is for one. */
export function exportFileName(kind: 'detail' | 'summary', rangeLabel: string, asin?: string): string {
  const safeAsin = asin ? `${asin.replace(/[^A-Za-z0-9_-]/g, '')}-` : '';
  return `${PRODUCT_FILE_PREFIX}-${kind}-${safeAsin}${rangeLabel}.csv`;
}
