/** The detail CSV: one row per tagging (columns fixed by PRODUCT.md's test contract). */
import { CRLF, csvCell } from '../csv';
import type { Item, Tagging } from '../model';
import { isoWithOffset, zoneText } from '../period';
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
  return [
    isoWithOffset(tagging.createdAt),
    tagging.source,
    tagging.marketplace,
    tagging.asin || item?.asin || '',
    ...itemColumns(item),
    ...tagColumns(index, tagging.tagId),
    tagging.snippet?.exact || wholeItemText(item),
    tagging.note,
    tagging.pageUrl,
  ];
}

/** sku, order_id, review_id, rating, return_reason */
export function itemColumns(item: Item | undefined): string[] {
  return [
    item?.sku ?? '',
    item?.orderId ?? '',
    item?.reviewId ?? '',
    item?.rating === undefined ? '' : String(item.rating),
    item?.returnReason ?? '',
  ];
}

/** tag, tag_path, top_tag */
function tagColumns(index: TagIndex, tagId: string): string[] {
  const chain = ancestorsOf(index, tagId);
  return [chain[chain.length - 1]?.name ?? '', chain.map((tag) => tag.name).join(PATH_SEPARATOR), chain[0]?.name ?? ''];
}

/** An item's part of a detail line, as CSV text: written once per item, used by each of its taggings. */
export interface ItemCells {
  /** The item's own ASIN, for taggings that have none (raw, not CSV). */
  asin: string;
  /** sku,order_id,review_id,rating,return_reason */
  middle: string;
  /** The snippet cell of a tagging of the whole item. */
  wholeItem: string;
}

const NO_ITEM: ItemCells = { asin: '', middle: ',,,,', wholeItem: '' };

/**
 * Writes detail lines straight to CSV text: the same bytes as csvLine(detailRow(...)), with each tag's three
 * cells and each item's cells written once instead of once per row (a 100,000-row export has 1,000 tags and
 * 20,000 items).
 */
export class DetailLineWriter {
  private readonly tagCells = new Map<string, string>();
  private readonly short = new Map<string, string>();

  constructor(private readonly index: TagIndex) {}

  private readonly time = new LocalTimeWriter();

  line(tagging: Tagging, item: ItemCells | undefined): string {
    return this.lineOf(
      tagging.createdAt,
      tagging.source,
      tagging.marketplace,
      tagging.asin,
      tagging.tagId,
      tagging.snippet?.exact,
      tagging.note,
      tagging.pageUrl,
      item,
    );
  }

  /** The same line from a tagging's fields (as the day blocks of lib/db/lines.ts hold them). */
  lineOf(
    createdAt: number,
    source: string,
    marketplace: string,
    asin: string | undefined,
    tagId: string,
    snippet: string | undefined,
    note: string | undefined,
    pageUrl: string | undefined,
    item: ItemCells | undefined,
  ): string {
    const cells = item ?? NO_ITEM;
    return (
      `${csvCell(this.time.iso(createdAt))},${this.shortCell(source)},` +
      `${this.shortCell(marketplace)},${this.shortCell(asin || cells.asin)},${cells.middle},` +
      `${this.tagCellsOf(tagId)},${snippet ? csvCell(snippet) : cells.wholeItem},` +
      `${csvCell(note)},${csvCell(pageUrl)}${CRLF}`
    );
  }

  /** tag,tag_path,top_tag */
  private tagCellsOf(tagId: string): string {
    let cells = this.tagCells.get(tagId);
    if (cells === undefined) {
      cells = tagColumns(this.index, tagId).map(csvCell).join(',');
      this.tagCells.set(tagId, cells);
    }
    return cells;
  }

  /** Cells that repeat on many rows (source, marketplace, ASIN): each written once. */
  private shortCell(value: string): string {
    let cell = this.short.get(value);
    if (cell === undefined) {
      cell = csvCell(value);
      if (this.short.size < 100_000) this.short.set(value, cell);
    }
    return cell;
  }
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/**
 * isoWithOffset for many times in a row, with the same result: one time-zone lookup per time instead of seven,
 * and the date part written once per local day.
 */
export class LocalTimeWriter {
  /** Local day number → "YYYY-MM-DDT" (an export of the whole table comes in key order, not time order). */
  private readonly days = new Map<number, string>();
  private readonly zones = new Map<number, string>();

  iso(ms: number): string {
    const offsetMinutes = new Date(ms).getTimezoneOffset();
    if (!Number.isInteger(offsetMinutes) || !Number.isSafeInteger(ms)) return isoWithOffset(ms);
    const local = ms - offsetMinutes * 60_000;
    const day = Math.floor(local / DAY_MS);
    let dayText = this.days.get(day);
    if (dayText === undefined) {
      const date = new Date(local);
      dayText = `${date.getUTCFullYear()}-${TWO_DIGITS[date.getUTCMonth() + 1]}-${TWO_DIGITS[date.getUTCDate()]}T`;
      if (this.days.size < 100_000) this.days.set(day, dayText);
    }
    const seconds = Math.floor((local - day * DAY_MS) / 1000);
    return (
      dayText +
      `${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}` +
      this.zone(offsetMinutes)
    );
  }

  private zone(offsetMinutes: number): string {
    let text = this.zones.get(offsetMinutes);
    if (text === undefined) {
      // The zone part exactly as isoWithOffset writes it.
      text = zoneText(-offsetMinutes);
      this.zones.set(offsetMinutes, text);
    }
    return text;
  }
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
