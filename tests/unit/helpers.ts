import { csvDocument } from '@/lib/csv';
import { TagDatabase } from '@/lib/db/database';
import { detailPage } from '@/lib/db/exportQueries';
import { DAYS_BEFORE, type Day, dayOf, type Hour, hourOf, type RollUp } from '@/lib/db/facts';
import { DETAIL_HEADER, type DetailColumn } from '@/lib/export/detail';
import type { ItemContext, Tagging } from '@/lib/model';
import { ALL_TIME } from '@/lib/period';

let counter = 0;

/** A fresh, empty database per test (fake-indexeddb). */
export function freshDatabase(): TagDatabase {
  counter += 1;
  return new TagDatabase(`test-${Date.now()}-${counter}`);
}

export function reviewItem(reviewId: string, overrides: Partial<ItemContext> = {}): ItemContext {
  return {
    source: 'review',
    marketplace: 'US',
    reviewId,
    asin: 'B0TESTASIN',
    rating: 2,
    text: `Review ${reviewId}`,
    pageUrl: 'https://sellercentral.amazon.com/brand-customer-reviews/',
    ...overrides,
  };
}

/** The whole detail CSV of a database (BOM, header, rows), as the export writes it. */
export async function exportDetailCsv(from: TagDatabase): Promise<string> {
  return csvDocument(DETAIL_HEADER, (await detailPage(from, ALL_TIME, undefined, 0, 10_000)).rows);
}

/** One detail CSV row as a teammate's export would have it, cells in DETAIL_HEADER order. */
export function detailCsvRow(overrides: Partial<Record<DetailColumn, string>> = {}): string[] {
  const base: Record<DetailColumn, string> = {
    tagged_at: '2026-11-20T10:00:00+08:00',
    source: 'review',
    marketplace: 'US',
    asin: 'B0CCCCCCCC',
    sku: 'SKU-1',
    order_id: '',
    review_id: 'RTEAM1',
    rating: '2',
    return_reason: '',
    tag: 'Loose',
    tag_path: 'Screws > Loose',
    top_tag: 'Screws',
    snippet: '',
    note: '',
    page_url: 'https://sellercentral.amazon.com/brand-customer-reviews/',
    ...overrides,
  };
  return DETAIL_HEADER.map((column) => base[column]);
}

/** The roll-ups as they should be: the taggings counted per UTC hour or day, per tag, item and ASIN. */
function rollUpsOf(taggings: Tagging[], startOf: (time: number) => number): (RollUp & { start: number })[] {
  const rollUps = new Map<number, RollUp & { start: number }>();
  const bump = (counts: Record<string, number>, key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  for (const tagging of taggings) {
    const start = startOf(tagging.createdAt);
    const rollUp = rollUps.get(start) ?? { start, taggings: 0, tags: {}, items: {}, asins: {} };
    rollUps.set(start, rollUp);
    rollUp.taggings++;
    bump(rollUp.tags, tagging.tagId);
    bump(rollUp.items, tagging.itemKey);
    if (tagging.asin) bump(rollUp.asins, tagging.asin);
  }
  return [...rollUps.values()].sort((a, b) => a.start - b.start);
}

export const hoursOf = (taggings: Tagging[]): Hour[] =>
  rollUpsOf(taggings, hourOf).map(({ start, ...rollUp }) => ({ hour: start, ...rollUp }));
/** The days store's records: the days before `before` only (the days store holds finished days, lib/db/facts.ts). */
export const daysOf = (taggings: Tagging[], before: number): Day[] =>
  rollUpsOf(
    taggings.filter((tagging) => dayOf(tagging.createdAt) < before),
    dayOf,
  ).map(({ start, ...rollUp }) => ({ day: start, ...rollUp }));

/** Where the days store stands: the first day it does not hold (its counter; 0 before any tagging was written). */
export async function daysBeforeOf(db: TagDatabase): Promise<number> {
  return (await db.counters.get(DAYS_BEFORE))?.value ?? 0;
}
