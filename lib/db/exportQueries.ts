/**
 * The detail export's rows, read page by page in the background next to the data (lib/export/build.ts asks for
 * them and writes the CSV in the extension page).
 */
import { detailRow } from '../export/detail';
import type { Item, Tagging } from '../model';
import type { DateRange } from '../period';
import type { TagDatabase } from './database';
import { taggingsIn, tagIndex } from './queries';

export interface ExportPage {
  /** Rows in the whole export (same for every page). */
  total: number;
  rows: string[][];
  /** The last tagging of this page: pass it as `after` to get the next page. */
  last?: ExportCursor;
}

export interface ExportCursor {
  /** Time of the last row given. */
  createdAt: number;
  /** How many rows with exactly that time were given so far (equal times come in id order). */
  skip: number;
}

/** One page of detail CSV rows, oldest first. */
export async function detailPage(
  db: TagDatabase,
  range: DateRange,
  asin: string | undefined,
  offset: number,
  limit: number,
  after?: ExportCursor,
): Promise<ExportPage> {
  const [total, taggings, index] = await Promise.all([
    taggingsIn(db, range, asin).count(),
    after
      ? pageAfter(db, range, asin, after, limit)
      : taggingsIn(db, range, asin).offset(offset).limit(limit).toArray(),
    tagIndex(db),
  ]);
  const keys = [...new Set(taggings.map((tagging) => tagging.itemKey))];
  const items = new Map<string, Item>();
  for (const item of await db.items.bulkGet(keys)) if (item) items.set(item.key, item);
  return {
    total,
    rows: taggings.map((tagging) => detailRow(tagging, items.get(tagging.itemKey), index)),
    last: cursorAfter(taggings, after),
  };
}

function cursorAfter(taggings: readonly Tagging[], previous: ExportCursor | undefined): ExportCursor | undefined {
  const last = taggings.at(-1);
  if (!last) return previous;
  let atLastTime = 0;
  for (let i = taggings.length - 1; i >= 0 && taggings[i].createdAt === last.createdAt; i--) atLastTime++;
  const carried =
    previous && previous.createdAt === last.createdAt && atLastTime === taggings.length ? previous.skip : 0;
  return { createdAt: last.createdAt, skip: atLastTime + carried };
}

/**
 * The export's taggings after a page boundary. The range starts at the boundary's time, and only the few rows with
 * exactly that time that were already given are dropped: one bulk read (IndexedDB getAll) per page, where an
 * offset or a filter would step a cursor over every earlier row or every row of the page.
 */
async function pageAfter(
  db: TagDatabase,
  range: DateRange,
  asin: string | undefined,
  after: ExportCursor,
  limit: number,
): Promise<Tagging[]> {
  const from = Math.max(after.createdAt, range.start);
  const collection = asin
    ? db.taggings.where('[asin+createdAt]').between([asin, from], [asin, range.end], true, false)
    : db.taggings.where('createdAt').between(from, range.end, true, false);
  const skip = after.createdAt >= range.start ? after.skip : 0;
  return (await collection.limit(limit + skip).toArray()).slice(skip);
}
