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
import { itemCount } from '../db/itemCount';
import { createTagPaths, newId } from '../db/tags';
import { AppError } from '../errors';
import { DETAIL_HEADER, type DetailColumn, wholeItemText } from '../export/detail';
import { itemKeyOf } from '../itemKey';
import { type Item, type ItemContext, SOURCES, type Tag, type Tagging } from '../model';
import { parseIsoDateTime } from '../period';
import { nameKeyOf, PATH_SEPARATOR, splitTagPath } from '../text';
import { indexTags } from '../tree';
import { headerProblem } from './file';

export { headerProblem };

/** Longest text per column (characters), for the schema and the quick check alike. */
export const MAX_LENGTH = {
  sku: 200,
  order_id: 40,
  review_id: 40,
  return_reason: 500,
  tag: 1_000,
  tag_path: 1_000,
  top_tag: 1_000,
  snippet: 20_000,
  note: 10_000,
  page_url: 4_000,
} as const;
const MAX_LEVEL_LENGTH = 100;
const MARKETPLACE = /^[A-Z]{2,3}$/;
const ASIN = /^([A-Z0-9]{10})?$/i;
const RATING = /^[1-5]?$/;
const PAGE_URL = /^(https?:\/\/\S*)?$/;

const text = (max: number) => z.string().max(max, `longer than ${max} characters`);

/** The rules of a detail CSV row, with the reasons shown for a rejected row. */
export const rowSchema = z
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
    marketplace: z.string().regex(MARKETPLACE, 'not a marketplace code (US, UK, DE…)'),
    asin: z.string().regex(ASIN, 'not an ASIN'),
    sku: text(MAX_LENGTH.sku),
    order_id: text(MAX_LENGTH.order_id),
    review_id: text(MAX_LENGTH.review_id),
    rating: z.string().regex(RATING, 'not a rating from 1 to 5'),
    return_reason: text(MAX_LENGTH.return_reason),
    tag: text(MAX_LENGTH.tag),
    tag_path: z
      .string()
      .max(MAX_LENGTH.tag_path)
      .refine((path) => splitTagPath(path).length > 0, 'empty tag path'),
    top_tag: text(MAX_LENGTH.top_tag),
    snippet: text(MAX_LENGTH.snippet),
    note: text(MAX_LENGTH.note),
    page_url: z.string().max(MAX_LENGTH.page_url).regex(PAGE_URL, 'not an http(s) URL'),
  })
  .superRefine((row, ctx) => {
    const levels = splitTagPath(row.tag_path);
    if (levels.some((level) => level.length > MAX_LEVEL_LENGTH)) {
      ctx.addIssue({ code: 'custom', path: ['tag_path'], message: 'a level is longer than 100 characters' });
    }
    if (row.tag && nameKeyOf(row.tag) !== nameKeyOf(levels[levels.length - 1] ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['tag'], message: 'does not match the last level of tag_path' });
    }
    if (row.top_tag && nameKeyOf(row.top_tag) !== nameKeyOf(levels[0] ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['top_tag'], message: 'does not match the first level of tag_path' });
    }
  });

export type RowRecord = Record<DetailColumn, string>;
export type RowData = z.output<typeof rowSchema>;

/** What a tag path gives every row that names it, worked out once per distinct path (NFKC, case folding). */
interface PathInfo {
  levels: string[];
  pathKey: string;
  /** Not empty, and no level too long. */
  usable: boolean;
}

/**
 * Remembers the work per distinct tag path and tag name: a file of 100,000 rows names ~1,000 paths, and
 * normalising them per row was a large part of validating it.
 */
export class PathMemo {
  private readonly paths = new Map<string, PathInfo>();
  private readonly names = new Map<string, string>();

  path(tagPath: string): PathInfo {
    let info = this.paths.get(tagPath);
    if (!info) {
      const levels = splitTagPath(tagPath);
      info = {
        levels,
        pathKey: levels.map((level) => this.nameKey(level)).join('\u0000'),
        usable: levels.length > 0 && levels.every((level) => level.length <= MAX_LEVEL_LENGTH),
      };
      this.paths.set(tagPath, info);
    }
    return info;
  }

  nameKey(name: string): string {
    let key = this.names.get(name);
    if (key === undefined) {
      key = nameKeyOf(name);
      this.names.set(name, key);
    }
    return key;
  }
}

const KNOWN_SOURCES = new Set<string>(SOURCES);
const LENGTH_LIMITS = Object.entries(MAX_LENGTH) as [keyof typeof MAX_LENGTH, number][];

/**
 * rowSchema's rules written out by hand, for the rows that pass all of them (every row of a sound file): zod took
 * ~0.2 ms a row, most of validating 100,000. Returns what rowSchema returns for the row, or undefined when any
 * rule fails; such a row then goes through rowSchema, which gives the reasons. A test checks on random and
 * edge-case rows that whatever this accepts, rowSchema accepts with the same result.
 */
export function quickCheckRow(record: RowRecord, memo: PathMemo): RowData | undefined {
  const taggedAt = parseIsoDateTime(record.tagged_at);
  if (Number.isNaN(taggedAt) || !KNOWN_SOURCES.has(record.source)) return undefined;
  if (!MARKETPLACE.test(record.marketplace) || !ASIN.test(record.asin) || !RATING.test(record.rating)) return undefined;
  for (const [column, max] of LENGTH_LIMITS) if (record[column].length > max) return undefined;
  if (!PAGE_URL.test(record.page_url)) return undefined;
  const path = memo.path(record.tag_path);
  if (!path.usable) return undefined;
  const { levels } = path;
  if (record.tag && memo.nameKey(record.tag) !== memo.nameKey(levels[levels.length - 1])) return undefined;
  if (record.top_tag && memo.nameKey(record.top_tag) !== memo.nameKey(levels[0])) return undefined;
  return { ...record, tagged_at: taggedAt, source: record.source as RowData['source'] };
}

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

/** A row that passed validation, keyed without the database (its tag and item are looked up when planning). */
interface ValidRow extends PlannedTagging {
  /** The item has no Amazon ID: duplicates are also found by tag, snippet, source, ASIN and second. */
  hashKeyed: boolean;
}

/**
 * The file checked on its own, without the database: rejected rows and the valid ones. It depends only on the
 * header and rows, so a staged import validates once for its preview and its commit (lib/import/session.ts).
 */
export interface ValidatedCsv {
  rowsInFile: number;
  rows: readonly ValidRow[];
  rejected: Rejection[];
}

const MAX_REJECTIONS = 200;
const APOSTROPHE = 39;

/** Validates every row with zod and keys its item and tag path; reads nothing, writes nothing. */
export function validateCsvRows(header: readonly string[], rows: readonly CsvRow[]): ValidatedCsv {
  const rejected: Rejection[] = [];
  const valid: ValidRow[] = [];
  const reject = (row: string, reason: string) => {
    if (rejected.length < MAX_REJECTIONS) rejected.push({ row, reason });
    else if (rejected.length === MAX_REJECTIONS) rejected.push({ row: '…', reason: 'more rows rejected' });
  };
  const result = { rowsInFile: rows.length, rows: valid, rejected };
  const problem = headerProblem(header);
  if (problem) {
    reject('1', problem);
    return result;
  }
  if (rows.length === 0) reject('2', 'The file has no data rows');
  const cellOf = DETAIL_HEADER.map((column: DetailColumn) => [column, header.indexOf(column)] as const);
  const memo = new PathMemo();

  for (const row of rows) {
    if (row.cells.length !== header.length) {
      reject(String(row.rowNumber), `has ${row.cells.length} cells, the header has ${header.length}`);
      continue;
    }
    const record = {} as RowRecord;
    for (const [column, i] of cellOf) {
      const cell = row.cells[i];
      // Only a cell starting with an apostrophe can have been neutralised by the export.
      record[column] = cell.charCodeAt(0) === APOSTROPHE ? restoreCell(cell) : cell;
    }
    let data = quickCheckRow(record, memo);
    if (!data) {
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
      data = parsed.data;
    }
    const { levels, pathKey } = memo.path(data.tag_path);
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
    valid.push({
      rowNumber: row.rowNumber,
      context,
      itemKey,
      levels,
      pathKey,
      snippet: data.snippet,
      note: data.note,
      createdAt: data.tagged_at,
      hashKeyed,
    });
  }
  return result;
}

/** A plan, and the stored tags and items its rows name (read in the same transaction as the plan). */
interface Resolved {
  plan: CsvImportPlan;
  tags: Tag[];
  knownItems: Map<string, Item>;
}

/**
 * The stored items of these keys. A get per key is a round trip each (20,000 of them took seconds), so when the
 * table is not much larger than the keys asked for, it is read whole in one request instead. Its size comes from
 * the kept count (one get): counting, or reading an empty table, right after a wipe of 100,000 taggings took
 * ~1.5 s each, as the deleted records are stepped over.
 */
async function storedItems(db: TagDatabase, keys: ReadonlySet<string>): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  if (keys.size === 0) return found;
  const stored = await itemCount(db);
  if (stored === 0) return found;
  const whole = keys.size >= 100 && stored <= keys.size * 2;
  const items = whole ? await db.items.toArray() : await db.items.bulkGet([...keys]);
  for (const item of items) if (item && keys.has(item.key)) found.set(item.key, item);
  return found;
}

/**
 * De-duplicates the valid rows against the database and within the file: a handful of reads in all (the tags,
 * the items the file names, and the taggings of the tags it names, one range per tag), never one per row.
 */
async function resolveAgainstDatabase(db: TagDatabase, validated: ValidatedCsv): Promise<Resolved> {
  const plan: CsvImportPlan = {
    rowsInFile: validated.rowsInFile,
    toImport: [],
    duplicates: 0,
    rejected: validated.rejected,
    newTags: [],
  };
  const { rows } = validated;
  const [tags, knownItems] = await Promise.all([
    db.tags.toArray(),
    storedItems(db, new Set(rows.map((row) => row.itemKey))),
  ]);

  const index = indexTags(tags);
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

  // Existing taggings of the tags the file names: one indexed range per tag (getAll, not a cursor walk), and for
  // items keyed without an Amazon ID also by tag, snippet, source, ASIN and second of tagging.
  const existingKeys = new Set<string>();
  const existingSeconds = new Set<string>();
  const knownTagIds = new Set<string>();
  let anyHashKeyed = false;
  for (const row of rows) {
    const tagId = tagIdByPath.get(row.pathKey);
    if (tagId) {
      knownTagIds.add(tagId);
      anyHashKeyed ||= row.hashKeyed;
    }
  }
  const secondKey = (tagId: string, snippet: string, source: string, asin: string | undefined, time: number) =>
    `${tagId}\u0000${snippet}\u0000${source}\u0000${asin}\u0000${Math.floor(time / 1000)}`;
  const existing = await Promise.all([...knownTagIds].map((id) => db.taggings.where('tagId').equals(id).toArray()));
  for (const taggings of existing) {
    for (const t of taggings) {
      existingKeys.add(`${t.itemKey}\u0000${t.tagId}\u0000${t.snippetText}`);
      if (anyHashKeyed) existingSeconds.add(secondKey(t.tagId, t.snippetText, t.source, t.asin, t.createdAt));
    }
  }

  const inFile = new Set<string>();
  const newPaths = new Map<string, string>();
  for (const { hashKeyed, ...row } of rows) {
    // A snippet that is an existing item's whole text was a whole-item tagging when exported (wholeItemText).
    const item = knownItems.get(row.itemKey);
    const candidate: PlannedTagging = item && row.snippet === wholeItemText(item) ? { ...row, snippet: '' } : row;
    const tagId = tagIdByPath.get(candidate.pathKey);
    const fileKey = `${candidate.itemKey}\u0000${candidate.pathKey}\u0000${candidate.snippet}`;
    let duplicate = inFile.has(fileKey);
    if (!duplicate && tagId) {
      duplicate =
        existingKeys.has(`${candidate.itemKey}\u0000${tagId}\u0000${candidate.snippet}`) ||
        (hashKeyed &&
          existingSeconds.has(
            secondKey(
              tagId,
              candidate.snippet,
              candidate.context.source,
              candidate.context.asin ?? '',
              candidate.createdAt,
            ),
          ));
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
  return { plan, tags, knownItems };
}

/** Validates and de-duplicates the rows against the database; writes nothing. */
export async function planCsvImport(
  db: TagDatabase,
  header: readonly string[],
  rows: readonly CsvRow[],
): Promise<CsvImportPlan> {
  return planValidatedCsv(db, validateCsvRows(header, rows));
}

/** planCsvImport for rows already validated; its reads share one transaction, so the plan is one snapshot. */
export async function planValidatedCsv(db: TagDatabase, validated: ValidatedCsv): Promise<CsvImportPlan> {
  return db.transaction('r', [db.tags, db.items, db.taggings, db.counters], async () => {
    return (await resolveAgainstDatabase(db, validated)).plan;
  });
}

/** Plans again inside one transaction and writes everything, or nothing when any row is rejected. */
export async function commitCsvImport(
  db: TagDatabase,
  header: readonly string[],
  rows: readonly CsvRow[],
): Promise<CsvImportPlan> {
  return commitValidatedCsv(db, validateCsvRows(header, rows));
}

/** The items an import writes: new ones (added) and stored ones it fills gaps in or dates back (changed). */
export interface ImportedItems {
  added: Item[];
  changed: Item[];
}

/**
 * The items of the rows to import merged with the stored ones: what is already known locally wins, the import only
 * fills gaps (fields the stored item lacks) and moves firstSeenAt back. A stored item left as it was is not
 * written again, and new items are told apart so they can be added (the item count then goes up by their number,
 * where a bulk put counts the whole table again).
 */
export function mergeImportedItems(
  rows: readonly PlannedTagging[],
  knownItems: ReadonlyMap<string, Item>,
  now: number,
): ImportedItems {
  const merged = new Map<string, Item>();
  for (const row of rows) {
    let item = merged.get(row.itemKey);
    if (!item) {
      const stored = knownItems.get(row.itemKey);
      item = stored
        ? { ...stored, key: row.itemKey, updatedAt: stored.updatedAt ?? now }
        : ({ key: row.itemKey, firstSeenAt: row.createdAt, updatedAt: now } as Item);
      merged.set(row.itemKey, item);
    }
    const fields = item as unknown as Record<string, unknown>;
    const context = row.context as Record<string, unknown>;
    for (const field in context) {
      const value = context[field];
      if (value !== undefined && value !== '' && !Object.hasOwn(fields, field)) fields[field] = value;
    }
    item.firstSeenAt = Math.min(item.firstSeenAt ?? row.createdAt, row.createdAt);
  }
  const result: ImportedItems = { added: [], changed: [] };
  for (const item of merged.values()) {
    const stored = knownItems.get(item.key);
    if (!stored) result.added.push(item);
    else if (!sameFields(stored, item)) result.changed.push(item);
  }
  return result;
}

function sameFields(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(right);
  return (
    keys.length === Object.keys(left).length &&
    keys.every((key) => Object.hasOwn(left, key) && Object.is(left[key], right[key]))
  );
}

/**
 * commitCsvImport for rows already validated. The de-duplication runs again inside the write transaction (the
 * database may have changed since the preview); every tag path is found or created in one bulk write (from the
 * tags the de-duplication read), new items are added and changed ones put, and the taggings go in one bulk write.
 */
export async function commitValidatedCsv(db: TagDatabase, validated: ValidatedCsv): Promise<CsvImportPlan> {
  if (validated.rejected.length > 0) {
    throw new AppError('invalid-import', `${validated.rejected.length} rows rejected: nothing was imported`);
  }
  return db.transaction('rw', [db.tags, db.items, db.taggings, db.counters], async () => {
    const { plan, tags, knownItems } = await resolveAgainstDatabase(db, validated);
    // Every path named, not only the new ones: an archived level is brought back, as applying it would.
    const paths = new Map<string, string>();
    for (const planned of plan.toImport) {
      if (!paths.has(planned.pathKey)) paths.set(planned.pathKey, planned.levels.join(PATH_SEPARATOR));
    }
    const pathTags = await createTagPaths(db, [...paths.values()], tags);
    const tagIds = new Map([...paths.keys()].map((pathKey, i) => [pathKey, pathTags[i].id]));
    const now = Date.now();
    const { added, changed } = mergeImportedItems(plan.toImport, knownItems, now);
    const taggings: Tagging[] = plan.toImport.map((planned) => ({
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
    }));
    // Added items were not in the table when read in this transaction; if one were after all, the add fails and
    // the whole import with it (nothing stored is overwritten).
    if (added.length > 0) await db.items.bulkAdd(added);
    if (changed.length > 0) await db.items.bulkPut(changed);
    await db.taggings.bulkAdd(taggings);
    return plan;
  });
}
