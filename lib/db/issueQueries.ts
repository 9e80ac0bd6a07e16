/**
 * The options page's tagged-issues table: filtered, sorted result lists (cached until the next write) and pages
 * of rows with their items' fields.
 */
import type { Collection, InsertType } from 'dexie';
import type { TaggingFilter } from '../messages';
import type { Item, Tagging } from '../model';
import { ALL_TIME } from '../period';
import { pathOf, subtreeIds, type TagIndex } from '../tree';
import type { TagDatabase } from './database';
import { tagIndex } from './queries';
import { readCache } from './readCache';

type TaggingCollection = Collection<Tagging, string, InsertType<Tagging, 'id'>>;

export type { TaggingFilter, TaggingSort } from '../messages';

export interface TaggingRow {
  id: string;
  itemKey: string;
  createdAt: number;
  asin: string;
  source: Tagging['source'];
  marketplace: string;
  tagId: string;
  tagPath: string;
  tagColor: string;
  snippet: string;
  note: string;
  pageUrl: string;
  sku: string;
  orderId: string;
  reviewId: string;
  rating: number | null;
  returnReason: string;
  title: string;
}

export interface TaggingPage {
  total: number;
  offset: number;
  rows: TaggingRow[];
}

/** Result lists by database and filter, until the next write (lib/db/readCache.ts). */
const resultLists = readCache<string[]>(8);

function matchingIds(db: TagDatabase, filter: TaggingFilter, index: TagIndex): Promise<string[]> {
  return resultLists(`${db.name}\u0000${JSON.stringify(filter)}`, () => computeMatchingIds(db, filter, index));
}

async function computeMatchingIds(db: TagDatabase, filter: TaggingFilter, index: TagIndex): Promise<string[]> {
  const tagIds = filter.tagId ? subtreeIds(index, filter.tagId) : undefined;
  const asin = filter.asin?.trim().toUpperCase();
  let collection: TaggingCollection;
  if (tagIds) collection = db.taggings.where('tagId').anyOf(tagIds);
  else if (asin) collection = db.taggings.where('asin').equals(asin);
  else if (filter.start !== undefined || filter.end !== undefined) {
    collection = db.taggings
      .where('createdAt')
      .between(filter.start ?? ALL_TIME.start, filter.end ?? ALL_TIME.end, true, false);
  } else collection = db.taggings.toCollection();

  const text = filter.text?.trim().toLocaleLowerCase();
  const rows = (await collection.toArray()).filter(
    (tagging) =>
      (!asin || tagging.asin.toUpperCase() === asin) &&
      (!filter.source || tagging.source === filter.source) &&
      (!filter.marketplace || tagging.marketplace === filter.marketplace) &&
      (filter.start === undefined || tagging.createdAt >= filter.start) &&
      (filter.end === undefined || tagging.createdAt < filter.end) &&
      (!text ||
        tagging.snippetText.toLocaleLowerCase().includes(text) ||
        tagging.note.toLocaleLowerCase().includes(text)),
  );

  const paths = new Map<string, string>();
  const pathFor = (tagId: string) => {
    let path = paths.get(tagId);
    if (path === undefined) paths.set(tagId, (path = pathOf(index, tagId)));
    return path;
  };
  const sortKey = (tagging: Tagging): string | number => {
    switch (filter.sort) {
      case 'createdAt':
        return tagging.createdAt;
      case 'tag':
        return pathFor(tagging.tagId);
      default:
        return tagging[filter.sort];
    }
  };
  const sign = filter.direction === 'asc' ? 1 : -1;
  rows.sort((a, b) => {
    const x = sortKey(a);
    const y = sortKey(b);
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined);
    return sign * order || sign * (a.createdAt - b.createdAt) || (a.id < b.id ? -1 : 1);
  });
  return rows.map((row) => row.id);
}

/** One page of the tagged-issues table. */
export async function queryTaggings(
  db: TagDatabase,
  filter: TaggingFilter,
  offset: number,
  limit: number,
): Promise<TaggingPage> {
  const index = await tagIndex(db);
  const ids = await matchingIds(db, filter, index);
  const pageIds = ids.slice(offset, offset + limit);
  const taggings = (await db.taggings.bulkGet(pageIds)).filter((tagging): tagging is Tagging => !!tagging);
  const items = new Map<string, Item>();
  for (const item of await db.items.bulkGet([...new Set(taggings.map((tagging) => tagging.itemKey))])) {
    if (item) items.set(item.key, item);
  }
  return {
    total: ids.length,
    offset,
    rows: taggings.map((tagging) => {
      const item = items.get(tagging.itemKey);
      return {
        id: tagging.id,
        itemKey: tagging.itemKey,
        createdAt: tagging.createdAt,
        asin: tagging.asin,
        source: tagging.source,
        marketplace: tagging.marketplace,
        tagId: tagging.tagId,
        tagPath: pathOf(index, tagging.tagId),
        tagColor: index.byId.get(tagging.tagId)?.color ?? '',
        snippet: tagging.snippet?.exact ?? '',
        note: tagging.note,
        pageUrl: tagging.pageUrl,
        sku: item?.sku ?? '',
        orderId: item?.orderId ?? '',
        reviewId: item?.reviewId ?? '',
        rating: item?.rating ?? null,
        returnReason: item?.returnReason ?? '',
        title: item?.title ?? '',
      };
    }),
  };
}

/** Distinct marketplaces that have taggings (for the table's filter). */
export async function marketplacesInUse(db: TagDatabase): Promise<string[]> {
  const found = new Set<string>();
  await db.items.orderBy('marketplace').eachUniqueKey((key) => {
    if (key) found.add(String(key));
  });
  return [...found].sort();
}
