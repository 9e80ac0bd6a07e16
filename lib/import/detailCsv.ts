/**
 * Import of our own detail CSV (a teammate's export): merged into the database without duplicates, missing
 * tags created by path. Every row is validated with zod first; a file with any rejected row is refused as a
 * whole, and a clean file is written in one transaction (all or nothing).
 *
 * Duplicates: a row is skipped when the database (or an earlier row of the file) already has the same tag on the
 * same item with the same snippet — or, for items without an Amazon ID, the same tag, snippet, source, ASIN and
 * second of tagging.
 */
import { z } from 'zod';
import type { Rejection } from '../backup/backup';
import { restoreCell } from '../csv';
import type { TagDatabase } from '../db/database';
import { createTagPath, newId } from '../db/tags';
import { AppError } from '../errors';
import { DETAIL_HEADER, type DetailColumn, wholeItemText } from '../export/detail';
import { itemKeyOf } from '../itemKey';
import { type Item, type ItemContext, SOURCES, type Tagging } from '../model';
import { parseIsoDateTime } from '../period';
import { nameKeyOf, PATH_SEPARATOR, splitTagPath } from '../text';
import { indexTags } from '../tree';
import { headerProblem } from './file';

export { headerProblem };

const text = (max: number) => z.string().max(max, `longer than ${max} characters`);

const rowSchema = z
  .object({
    tagged_at: z.string().transform((value, ctx) => {
      const ms = parseIsoDateTime(value);
      if (Number.isNaN(ms)) {
        ctx.addIssue({ code: 'custom', message: 'not an ISO 8601 date-time with seconds and zone' });
        return z.NEVER;
      }
      return ms;
    }),
    source: z.enum(SOURCES, { message: `not one of ${SOURCES.join('|')}` }),
    marketplace: z.string().regex(/^[A-Z]{2,3}$/, 'not a marketplace code (US, UK, DE…)'),
    asin: z.string().regex(/^([A-Z0-9]{10})?$/i, 'not an ASIN'),
    sku: text(200),
    order_id: text(40),
    review_id: text(40),
    rating: z.string().regex(/^[1-5]?$/, 'not a rating from 1 to 5'),
    return_reason: text(500),
    tag: text(1_000),
    tag_path: z
      .string()
      .max(1_000)
      .refine((path) => splitTagPath(path).length > 0, 'empty tag path'),
    top_tag: text(1_000),
    snippet: text(20_000),
    note: text(10_000),
    page_url: z
      .string()
      .max(4_000)
      .regex(/^(https?:\/\/\S*)?$/, 'not an http(s) URL'),
  })
  .superRefine((row, ctx) => {
    const levels = splitTagPath(row.tag_path);
    if (levels.some((level) => level.length > 100)) {
      ctx.addIssue({ code: 'custom', path: ['tag_path'], message: 'a level is longer than 100 characters' });
    }
    if (row.tag && nameKeyOf(row.tag) !== nameKeyOf(levels[levels.length - 1] ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['tag'], message: 'does not match the last level of tag_path' });
    }
    if (row.top_tag && nameKeyOf(row.top_tag) !== nameKeyOf(levels[0] ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['top_tag'], message: 'does not match the first level of tag_path' });
    }
  });

export interface CsvRow {
  rowNumber: number;
  cells: string[];
}

export interface PlannedTagging {
  rowNumber: number;
  context: ItemContext;
  itemKey: string;
  levels: string[];
  pathKey: string;
  snippet: string;
  note: string;
  createdAt: number;
}

export interface CsvImportPlan {
  rowsInFile: number;
  toImport: PlannedTagging[];
  duplicates: number;
  rejected: Rejection[];
  /** Tag paths that do not exist yet and will be created. */
  newTags: string[];
}

const MAX_REJECTIONS = 200;

function pathKeyOf(levels: readonly string[]): string {
  return levels.map(nameKeyOf).join('\u0000');
}

/** Validates and de-duplicates the rows against the database; writes nothing. */
export async function planCsvImport(
  db: TagDatabase,
  header: readonly string[],
  rows: readonly CsvRow[],
): Promise<CsvImportPlan> {
  const plan: CsvImportPlan = { rowsInFile: rows.length, toImport: [], duplicates: 0, rejected: [], newTags: [] };
  const reject = (row: string, reason: string) => {
    if (plan.rejected.length < MAX_REJECTIONS) plan.rejected.push({ row, reason });
    else if (plan.rejected.length === MAX_REJECTIONS) plan.rejected.push({ row: '…', reason: 'more rows rejected' });
  };
  const problem = headerProblem(header);
  if (problem) {
    reject('1', problem);
    return plan;
  }
  if (rows.length === 0) reject('2', 'The file has no data rows');
  const columnIndex = new Map(header.map((column, i) => [column, i]));

  const index = indexTags(await db.tags.toArray());
  const tagIdByPath = new Map<string, string>();
  for (const tag of index.byId.values()) {
    const chain: string[] = [];
    let current: typeof tag | undefined = tag;
    const seen = new Set<string>();
    while (current && !seen.has(current.id)) {
      seen.add(current.id);
      chain.unshift(current.nameKey);
      current = current.parentId ? index.byId.get(current.parentId) : undefined;
    }
    tagIdByPath.set(chain.join('\u0000'), tag.id);
  }

  interface Candidate extends PlannedTagging {
    tagId?: string;
    hashKeyed: boolean;
  }
  const candidates: Candidate[] = [];
  for (const row of rows) {
    if (row.cells.length !== header.length) {
      reject(String(row.rowNumber), `has ${row.cells.length} cells, the header has ${header.length}`);
      continue;
    }
    const record = Object.fromEntries(
      DETAIL_HEADER.map((column: DetailColumn) => [column, restoreCell(row.cells[columnIndex.get(column) as number])]),
    );
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      reject(
        String(row.rowNumber),
        parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
          .join('; '),
      );
      continue;
    }
    const data = parsed.data;
    const levels = splitTagPath(data.tag_path);
    const pathKey = pathKeyOf(levels);
    const context: ItemContext = {
      source: data.source,
      marketplace: data.marketplace,
      asin: data.asin.toUpperCase() || undefined,
      sku: data.sku || undefined,
      orderId: data.order_id || undefined,
      reviewId: data.review_id || undefined,
      rating: data.rating ? Number(data.rating) : undefined,
      returnReason: data.return_reason || undefined,
      pageUrl: data.page_url,
    };
    let itemKey = itemKeyOf(context);
    const hashKeyed = /:h[0-9a-f]{8}$/.test(itemKey);
    // Without an Amazon ID the original key hashed text the CSV does not carry: key by page and time instead.
    if (hashKeyed) itemKey = itemKeyOf({ ...context, text: `${data.page_url}\u241e${data.tagged_at}` });
    candidates.push({
      rowNumber: row.rowNumber,
      context,
      itemKey,
      levels,
      pathKey,
      snippet: data.snippet,
      note: data.note,
      createdAt: data.tagged_at,
      tagId: tagIdByPath.get(pathKey),
      hashKeyed,
    });
  }

  // A snippet that is an existing item's whole text was a whole-item tagging when exported (wholeItemText).
  const knownItems = await db.items.bulkGet([...new Set(candidates.map((c) => c.itemKey))]);
  const wholeTextByKey = new Map(knownItems.filter((item) => item).map((item) => [item!.key, wholeItemText(item)]));
  for (const candidate of candidates) {
    const whole = wholeTextByKey.get(candidate.itemKey);
    if (whole && candidate.snippet === whole) candidate.snippet = '';
  }

  // Existing taggings of the tags the file names (by tag index: a few ranges, not one lookup per row).
  const existingKeys = new Set<string>();
  const knownTagIds = [...new Set(candidates.map((c) => c.tagId).filter((id): id is string => !!id))];
  if (knownTagIds.length > 0) {
    await db.taggings
      .where('tagId')
      .anyOf(knownTagIds)
      .each((t) => {
        existingKeys.add(`${t.itemKey}\u0000${t.tagId}\u0000${t.snippetText}`);
      });
  }

  const inFile = new Set<string>();
  const newPaths = new Map<string, string>();
  for (const { tagId, hashKeyed, ...candidate } of candidates) {
    const fileKey = `${candidate.itemKey}\u0000${candidate.pathKey}\u0000${candidate.snippet}`;
    let duplicate = inFile.has(fileKey);
    if (!duplicate && tagId) {
      duplicate = existingKeys.has(`${candidate.itemKey}\u0000${tagId}\u0000${candidate.snippet}`);
      if (!duplicate && hashKeyed) {
        const second = Math.floor(candidate.createdAt / 1000) * 1000;
        duplicate =
          (await db.taggings
            .where('createdAt')
            .between(second, second + 1000, true, false)
            .filter(
              (t) =>
                t.tagId === tagId &&
                t.snippetText === candidate.snippet &&
                t.source === candidate.context.source &&
                t.asin === (candidate.context.asin ?? ''),
            )
            .count()) > 0;
      }
    }
    inFile.add(fileKey);
    if (duplicate) {
      plan.duplicates++;
      continue;
    }
    if (!tagId && !newPaths.has(candidate.pathKey)) {
      newPaths.set(candidate.pathKey, candidate.levels.join(PATH_SEPARATOR));
    }
    plan.toImport.push(candidate);
  }
  plan.newTags = [...newPaths.values()];
  return plan;
}

/** Plans again inside one transaction and writes everything, or nothing when any row is rejected. */
export async function commitCsvImport(
  db: TagDatabase,
  header: readonly string[],
  rows: readonly CsvRow[],
): Promise<CsvImportPlan> {
  return db.transaction('rw', db.tags, db.items, db.taggings, async () => {
    const plan = await planCsvImport(db, header, rows);
    if (plan.rejected.length > 0) {
      throw new AppError('invalid-import', `${plan.rejected.length} rows rejected: nothing was imported`);
    }
    const tagIds = new Map<string, string>();
    for (const planned of plan.toImport) {
      if (!tagIds.has(planned.pathKey)) {
        tagIds.set(planned.pathKey, (await createTagPath(db, planned.levels.join(PATH_SEPARATOR))).tag.id);
      }
    }
    const now = Date.now();
    const keys = [...new Set(plan.toImport.map((planned) => planned.itemKey))];
    const items = new Map<string, Item>();
    for (const item of await db.items.bulkGet(keys)) if (item) items.set(item.key, item);
    const taggings: Tagging[] = [];
    for (const planned of plan.toImport) {
      const existing = items.get(planned.itemKey);
      const fresh = Object.fromEntries(
        Object.entries(planned.context).filter(([, value]) => value !== undefined && value !== ''),
      ) as ItemContext;
      // What is already known locally wins; the import only fills gaps.
      items.set(planned.itemKey, {
        ...fresh,
        ...existing,
        key: planned.itemKey,
        firstSeenAt: Math.min(existing?.firstSeenAt ?? planned.createdAt, planned.createdAt),
        updatedAt: existing?.updatedAt ?? now,
      } as Item);
      taggings.push({
        id: newId(),
        itemKey: planned.itemKey,
        tagId: tagIds.get(planned.pathKey) as string,
        ...(planned.snippet ? { snippet: { exact: planned.snippet, prefix: '', suffix: '' } } : {}),
        snippetText: planned.snippet,
        note: planned.note,
        pageUrl: planned.context.pageUrl,
        asin: planned.context.asin ?? '',
        source: planned.context.source,
        marketplace: planned.context.marketplace,
        createdAt: planned.createdAt,
        updatedAt: now,
      });
    }
    await db.items.bulkPut([...items.values()]);
    await db.taggings.bulkAdd(taggings);
    return plan;
  });
}
