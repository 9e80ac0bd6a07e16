/**
 * Read-side queries run in the background next to the data: period statistics and top problems (popup), ASIN
 * suggestions, summary rows and the merge preview. The detail export is in exportQueries.ts, the options page's
 * table in issueQueries.ts.
 */
import type { Collection, EntityTable, InsertType } from 'dexie';
import { SummaryBuilder, summaryRow } from '../export/summary';
import type { Tag, Tagging } from '../model';
import { ALL_TIME, type DateRange, firstScreenWeeks } from '../period';
import { indexTags, pathOf, rollUp, subtreeIds, type TagIndex } from '../tree';
import type { TagDatabase } from './database';
import { DAY_MS, DAYS_BEFORE, dayOf, type Fact, HOUR_MS, hourOf, type RollUp } from './facts';
import { itemCount } from './itemCount';
import { readCache } from './readCache';

type TaggingCollection = Collection<Tagging, string, InsertType<Tagging, 'id'>>;

/**
 * Records of a store indexed like the taggings (createdAt, [asin+createdAt]) from `from` up to `end`, optionally
 * for one ASIN, in time order.
 */
export function byTime<T>(
  table: EntityTable<T & { id: string; createdAt: number; asin: string }, 'id'>,
  asin: string | undefined,
  from: number,
  end: number,
  includeFrom = true,
) {
  return asin
    ? table.where('[asin+createdAt]').between([asin, from], [asin, end], includeFrom, false)
    : table.where('createdAt').between(from, end, includeFrom, false);
}

export const isAllTime = (range: DateRange) => range.start <= ALL_TIME.start && range.end >= ALL_TIME.end;

/** Taggings in a range (createdAt ascending), optionally for one ASIN, through the narrowest index. */
export function taggingsIn(db: TagDatabase, range: DateRange, asin?: string): TaggingCollection {
  if (!asin && isAllTime(range)) return db.taggings.orderBy('createdAt');
  return byTime(db.taggings, asin, range.start, range.end);
}

/** The facts (lib/db/facts.ts) of the taggings in a range, through the same indexes as taggingsIn (any order). */
export function factsIn(
  db: TagDatabase,
  range: DateRange,
  asin?: string,
): Collection<Fact, string, InsertType<Fact, 'id'>> {
  if (!asin && isAllTime(range)) return db.facts.toCollection();
  return byTime(db.facts, asin, range.start, range.end);
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

/**
 * The roll-ups and facts that make up a range's figures (lib/db/facts.ts); run inside a read transaction. Without an
 * ASIN: the finished UTC days wholly inside the range, the hours of its partial days and of days not rolled up yet
 * (today's), and the facts of its partial hours.
 */
async function periodTallies(
  db: TagDatabase,
  range: DateRange,
  asin?: string,
): Promise<{ rollUps: RollUp[]; facts: Fact[] }> {
  const first = Math.max(hourOf(range.start + HOUR_MS - 1), 0);
  const end = Math.min(hourOf(range.end), ALL_TIME.end);
  // With an ASIN, its facts (few). Never the full taggings.
  if (asin || first >= end) return { rollUps: [], facts: await factsIn(db, range, asin).toArray() };
  const firstDay = dayOf(first + DAY_MS - 1);
  const endDay = dayOf(end);
  const wholeDays = firstDay < endDay;
  const hoursBetween = (from: number, to: number) =>
    from < to ? db.hours.where('hour').between(from, to, true, false).toArray() : [];
  const facts = Promise.all([
    range.start < first ? factsIn(db, { start: range.start, end: first }).toArray() : [],
    end < range.end ? factsIn(db, { start: end, end: range.end }).toArray() : [],
  ]);
  const headHours = hoursBetween(first, wholeDays ? firstDay : end);
  // The whole days before daysBefore are rolled up; from there on (today's, or more if nothing was written since)
  // they are hours, like the tail.
  const rolledUpTo = wholeDays ? Math.min(Math.max(await daysBefore(db), firstDay), endDay) : firstDay;
  const [days, head, rest, [headFacts, tailFacts]] = await Promise.all([
    firstDay < rolledUpTo ? db.days.where('day').between(firstDay, rolledUpTo, true, false).toArray() : [],
    headHours,
    wholeDays ? hoursBetween(rolledUpTo, end) : [],
    facts,
  ]);
  return { rollUps: [...days, ...head, ...rest], facts: [...headFacts, ...tailFacts] };
}

/** The first day the days store does not hold (lib/db/facts.ts). */
async function daysBefore(db: TagDatabase): Promise<number> {
  return (await db.counters.get(DAYS_BEFORE))?.value ?? 0;
}

export async function periodStats(
  db: TagDatabase,
  range: DateRange,
  options: { asin?: string; topLimit?: number; childLimit?: number } = {},
): Promise<PeriodStats> {
  const [tallies, index] = await db.transaction('r', [db.facts, db.hours, db.days, db.counters, db.tags], () =>
    Promise.all([periodTallies(db, range, options.asin), tagIndex(db)]),
  );
  return statsOf(tallies, index, options);
}

/**
 * The popup's first screen in one read: all-time totals, this week and last week. One transaction and one tag
 * index instead of three messages, each with its own.
 */
export async function overviewStats(
  db: TagDatabase,
  thisWeek: DateRange,
  lastWeek: DateRange,
  asin?: string,
): Promise<Overview> {
  const [all, current, previous, index] = await db.transaction(
    'r',
    [db.tags, db.items, db.counters, db.facts, db.hours, db.days],
    () => Promise.all([totals(db), periodTallies(db, thisWeek, asin), periodTallies(db, lastWeek, asin), tagIndex(db)]),
  );
  return { totals: all, current: statsOf(current, index), previous: statsOf(previous, index) };
}

const overviews = readCache<Overview>(8);

/**
 * overviewStats, kept until the next write: the popup asks for it on every opening, and at 100k taggings reading two
 * weeks of roll-ups and the tag tree takes longer than the popup's own start. The background also computes it ahead
 * after writes (warmFirstScreen), so an opening usually finds it ready.
 */
export function cachedOverviewStats(
  db: TagDatabase,
  thisWeek: DateRange,
  lastWeek: DateRange,
  asin?: string,
): Promise<Overview> {
  const key = `${db.name}\u0000${thisWeek.start},${thisWeek.end},${lastWeek.start},${lastWeek.end}\u0000${asin ?? ''}`;
  return overviews(key, () => overviewStats(db, thisWeek, lastWeek, asin));
}

/** Computes the popup's first screen (this week and last week, no ASIN) ahead of the popup asking for it. */
export function warmFirstScreen(db: TagDatabase, now = Date.now()): Promise<Overview> {
  const { thisWeek, lastWeek } = firstScreenWeeks(now);
  return cachedOverviewStats(db, thisWeek, lastWeek);
}

function statsOf(
  { rollUps, facts }: { rollUps: readonly RollUp[]; facts: readonly Fact[] },
  index: TagIndex,
  { topLimit = 5, childLimit = 3 }: { topLimit?: number; childLimit?: number } = {},
): PeriodStats {
  const own = new Map<string, number>();
  const items = new Set<string>();
  const asins = new Set<string>();
  let taggings = 0;
  for (const rollUp of rollUps) {
    taggings += rollUp.taggings;
    for (const key in rollUp.items) items.add(key);
    for (const key in rollUp.asins) asins.add(key);
    for (const [tagId, count] of Object.entries(rollUp.tags)) own.set(tagId, (own.get(tagId) ?? 0) + count);
  }
  for (const fact of facts) {
    taggings++;
    items.add(fact.itemKey);
    if (fact.asin) asins.add(fact.asin);
    own.set(fact.tagId, (own.get(fact.tagId) ?? 0) + 1);
  }
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

/** The popup's first screen: all-time totals, this week and last week. */
export interface Overview {
  totals: Totals;
  current: PeriodStats;
  previous: PeriodStats;
}

export interface Totals {
  tags: number;
  items: number;
  taggings: number;
}

/**
 * All-time counts. The tagging and item counts are kept by the database (lib/db/facts.ts, itemCount.ts): counting
 * 100k taggings takes hundreds of ms, 20k items ~80 ms.
 */
export async function totals(db: TagDatabase): Promise<Totals> {
  const [tags, items, counter] = await db.transaction('r', db.tags, db.items, db.counters, () =>
    Promise.all([db.tags.count(), itemCount(db), db.counters.get('taggings')]),
  );
  return { tags, items, taggings: counter?.value ?? 0 };
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
  const [facts, index] = await db.transaction('r', db.facts, db.tags, () =>
    Promise.all([factsIn(db, range, asin).toArray(), tagIndex(db)]),
  );
  const builder = new SummaryBuilder(index);
  for (const fact of facts) builder.add(fact);
  return builder.result().map(summaryRow);
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
