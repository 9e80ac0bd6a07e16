/**
 * Read-side queries for the popup and options page, run in the background next to the data: period statistics,
 * top problems, ASIN suggestions, paged export rows and the paged, filtered, sorted tagging table.
 */
import type { Collection, InsertType } from 'dexie';
import { SummaryBuilder, summaryRow } from '../export/summary';
import type { TaggingFilter } from '../messages';
import type { Item, Tag, Tagging } from '../model';
import { ALL_TIME, type DateRange } from '../period';
import { indexTags, pathOf, rollUp, subtreeIds, type TagIndex } from '../tree';
import type { TagDatabase } from './database';

type TaggingCollection = Collection<Tagging, string, InsertType<Tagging, 'id'>>;

/** Taggings in a range (createdAt ascending), optionally for one ASIN, through the narrowest index. */
export function taggingsIn(db: TagDatabase, range: DateRange, asin?: string): TaggingCollection {
  if (asin) {
    return db.taggings.where('[asin+createdAt]').between([asin, range.start], [asin, range.end], true, false);
  }
  if (range.start <= ALL_TIME.start && range.end >= ALL_TIME.end) return db.taggings.orderBy('createdAt');
  return db.taggings.where('createdAt').between(range.start, range.end, true, false);
}

export async function tagIndex(db: TagDatabase): Promise<TagIndex> {
  return indexTags(await db.tags.toArray());
}

export interface ProblemCount {
  id: string;
  name: string;
  path: string;
  color: string;
  own: number;
  total: number;
}

export interface TopProblem extends ProblemCount {
  children: ProblemCount[];
}

export interface PeriodStats {
  taggings: number;
  items: number;
  asins: number;
  /** Root tags by rolled-up count, each with its leading children. */
  top: TopProblem[];
}

export async function periodStats(
  db: TagDatabase,
  range: DateRange,
  options: { asin?: string; topLimit?: number; childLimit?: number } = {},
): Promise<PeriodStats> {
  const { topLimit = 5, childLimit = 3 } = options;
  const own = new Map<string, number>();
  const items = new Set<string>();
  const asins = new Set<string>();
  let taggings = 0;
  // One bulk read (IndexedDB getAll) instead of a cursor walk: a cursor step is a round trip per record, which
  // made the popup's first render grow with every tagging in the period (npm run bench).
  for (const tagging of await taggingsIn(db, range, options.asin).toArray()) {
    taggings++;
    items.add(tagging.itemKey);
    if (tagging.asin) asins.add(tagging.asin);
    own.set(tagging.tagId, (own.get(tagging.tagId) ?? 0) + 1);
  }
  const index = await tagIndex(db);
  const totals = rollUp(index, own);
  const countOf = (tag: Tag): ProblemCount => ({
    id: tag.id,
    name: tag.name,
    path: pathOf(index, tag.id),
    color: tag.color,
    own: own.get(tag.id) ?? 0,
    total: totals.get(tag.id) ?? 0,
  });
  const byTotal = (a: ProblemCount, b: ProblemCount) => b.total - a.total || a.path.localeCompare(b.path);
  const top = (index.children.get('') ?? [])
    .map(countOf)
    .filter((problem) => problem.total > 0)
    .sort(byTotal)
    .slice(0, topLimit)
    .map((problem) => ({
      ...problem,
      children: (index.children.get(problem.id) ?? [])
        .map(countOf)
        .filter((child) => child.total > 0)
        .sort(byTotal)
        .slice(0, childLimit),
    }));
  return { taggings, items: items.size, asins: asins.size, top };
}

export interface AsinSuggestion {
  asin: string;
  count: number;
}

/** ASINs that have taggings, starting with `prefix` (case-insensitive), with their tagging counts. */
export async function suggestAsins(db: TagDatabase, prefix: string, limit = 20): Promise<AsinSuggestion[]> {
  const found: string[] = [];
  const clean = prefix.trim();
  const collection = clean
    ? db.taggings.where('asin').startsWithIgnoreCase(clean)
    : db.taggings.where('asin').above('');
  await collection
    .until(() => found.length >= limit)
    .eachUniqueKey((key) => {
      if (key && found.length < limit) found.push(String(key));
    });
  return Promise.all(
    found.map(async (asin) => ({ asin, count: await db.taggings.where('asin').equals(asin).count() })),
  );
}

/** Every summary CSV row for the range (aggregates are small: one per ASIN and tag). */
export async function summaryRows(db: TagDatabase, range: DateRange, asin?: string): Promise<string[][]> {
  const builder = new SummaryBuilder(await tagIndex(db));
  for (const tagging of await taggingsIn(db, range, asin).toArray()) builder.add(tagging);
  return builder.result().map(summaryRow);
}

// ---------------------------------------------------------------------------------------------------------------
// The tagged-issues table

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

let generation = 0;
const cache = new Map<string, { generation: number; ids: string[] }>();

/** Called after every write: cached result lists are stale. */
export function invalidateQueryCache(): void {
  generation++;
  cache.clear();
}

async function matchingIds(db: TagDatabase, filter: TaggingFilter, index: TagIndex): Promise<string[]> {
  const key = `${db.name}\u0000${JSON.stringify(filter)}`;
  const hit = cache.get(key);
  if (hit && hit.generation === generation) return hit.ids;
  const startGeneration = generation;

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
  const ids = rows.map((row) => row.id);
  if (startGeneration === generation) {
    if (cache.size > 8) cache.clear();
    cache.set(key, { generation, ids });
  }
  return ids;
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

// ---------------------------------------------------------------------------------------------------------------
// Merge preview

export interface MergePreview {
  /** Taggings in the source's subtree: all of them follow into the target. */
  taggings: number;
  /** Of those, how many collapse into a tagging the target side already has (same item and snippet). */
  collapsed: number;
  /** Tags of the source's subtree that merge into a same-named tag on the target side (and disappear). */
  mergedTags: number;
}

/** What mergeTags(source, target) would do, without doing it (mirrors lib/db/tags.ts mergeInto). */
export async function mergePreview(db: TagDatabase, sourceId: string, targetId: string): Promise<MergePreview> {
  const index = await tagIndex(db);
  const preview: MergePreview = { taggings: 0, collapsed: 0, mergedTags: 0 };
  const keysOf = async (tagId: string) =>
    new Set(
      (await db.taggings.where('tagId').equals(tagId).toArray()).map((t) => `${t.itemKey}\u0000${t.snippetText}`),
    );
  const visit = async (from: string, to: string): Promise<void> => {
    preview.mergedTags++;
    const existing = await keysOf(to);
    for (const tagging of await db.taggings.where('tagId').equals(from).toArray()) {
      preview.taggings++;
      if (existing.has(`${tagging.itemKey}\u0000${tagging.snippetText}`)) preview.collapsed++;
    }
    const targetChildren = index.children.get(to) ?? [];
    for (const child of index.children.get(from) ?? []) {
      const clash = targetChildren.find((candidate) => candidate.nameKey === child.nameKey);
      if (clash) await visit(child.id, clash.id);
      else preview.taggings += await db.taggings.where('tagId').anyOf(subtreeIds(index, child.id)).count();
    }
  };
  await visit(sourceId, targetId);
  return preview;
}
