/**
 * Lines: the detail export's fields of every tagging, packed one record per UTC hour, kept by the database itself
 * (factsMiddleware in lib/db/facts.ts mirrors every taggings mutation into them in the same transaction).
 *
 * Why: reading 100,000 taggings from IndexedDB costs ~2 s in the service worker, and the cost is per record (even
 * 100-byte facts take as long). A year of taggings is at most 8,760 hour blocks, each a few strings and typed
 * arrays that structured clone copies as a whole. Hours, not days: applying a tag rewrites its block, and with a
 * busy day's block the apply took 84 ms at 100k taggings (11 ms without lines). Entries in a block are sorted by
 * (createdAt, id), the order of the taggings' createdAt index (equal times in primary-key order), so blocks read in
 * key order are in export order.
 *
 * Buyer text can hold any character, so fields are never separated by a character: `ends` holds where each field
 * ends in `text`.
 */
import type { DBCoreTable, DBCoreTransaction, Table, Transaction } from 'dexie';
import type { Tagging } from '../model';
import { type BlockCodec, type BlocksChange, claimBlocks, clearBlocks } from './blockClaims';
import { eachPage } from './eachPage';

export const LINES_SCHEMA = 'hour';
export const LINE_BLOCK_MS = 3_600_000;
export const blockHourOf = (time: number) => Math.floor(time / LINE_BLOCK_MS);

/** An entry's fields, in the order they are packed. */
export const LINE_FIELDS = [
  'id',
  'tagId',
  'itemKey',
  'asin',
  'source',
  'marketplace',
  'snippet',
  'note',
  'pageUrl',
] as const;
export const FIELD_COUNT = LINE_FIELDS.length;
/** Field numbers (positions in LINE_FIELDS). */
export const Field = {
  Id: 0,
  TagId: 1,
  ItemKey: 2,
  Asin: 3,
  Source: 4,
  Marketplace: 5,
  Snippet: 6,
  Note: 7,
  PageUrl: 8,
} as const;
export type Field = (typeof Field)[keyof typeof Field];

export interface LineBlock {
  /** UTC hour number: Math.floor(createdAt / LINE_BLOCK_MS). */
  hour: number;
  /** createdAt of each entry, ascending; equal times in id order. */
  times: Float64Array;
  /** Every entry's fields, concatenated without separators. */
  text: string;
  /** Where each field ends in `text`: entry i's field j ends at ends[i * FIELD_COUNT + j]. */
  ends: Uint32Array;
}

/** Field `j` of entry `i` of a block. */
export function field(block: LineBlock, i: number, j: Field): string {
  const k = i * FIELD_COUNT + j;
  return block.text.slice(k === 0 ? 0 : block.ends[k - 1], block.ends[k]);
}

/** One entry while a block is being changed: its packed text and where its fields end in it. */
export interface LineEntry {
  time: number;
  id: string;
  text: string;
  ends: readonly number[];
}

/** Only taggings with a time are in the createdAt index, so only they have lines. */
export const hasLine = (tagging: Tagging) => typeof tagging.createdAt === 'number' && !Number.isNaN(tagging.createdAt);

export function entryOf(tagging: Tagging): LineEntry | undefined {
  if (!hasLine(tagging)) return undefined;
  // What the detail line writer reads of a tagging; `|| ''` and `?? ''` give the same cells as the tagging's own.
  const fields = [
    tagging.id,
    tagging.tagId,
    tagging.itemKey,
    tagging.asin || '',
    tagging.source ?? '',
    tagging.marketplace ?? '',
    tagging.snippet?.exact || '',
    tagging.note ?? '',
    tagging.pageUrl ?? '',
  ].map(String);
  const ends: number[] = [];
  let end = 0;
  for (const value of fields) ends.push((end += value.length));
  return { time: tagging.createdAt, id: tagging.id, text: fields.join(''), ends };
}

/** Export order: by time, equal times by id (as IndexedDB orders string keys: by UTF-16 code units). */
export function compareEntries(a: LineEntry, b: LineEntry): number {
  return a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function entriesOf(block: LineBlock | undefined): LineEntry[] {
  if (!block) return [];
  const entries: LineEntry[] = new Array(block.times.length);
  const { text, ends } = block;
  for (let i = 0; i < entries.length; i++) {
    const first = i * FIELD_COUNT;
    const start = first === 0 ? 0 : ends[first - 1];
    const own: number[] = new Array(FIELD_COUNT);
    for (let j = 0; j < FIELD_COUNT; j++) own[j] = ends[first + j] - start;
    entries[i] = {
      time: block.times[i],
      id: text.slice(start, start + own[0]),
      text: text.slice(start, ends[first + FIELD_COUNT - 1]),
      ends: own,
    };
  }
  return entries;
}

/** A block of sorted entries. */
export function blockOf(hour: number, entries: readonly LineEntry[]): LineBlock {
  const times = new Float64Array(entries.length);
  const ends = new Uint32Array(entries.length * FIELD_COUNT);
  const parts: string[] = new Array(entries.length);
  let offset = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    times[i] = entry.time;
    parts[i] = entry.text;
    for (let j = 0; j < FIELD_COUNT; j++) ends[i * FIELD_COUNT + j] = offset + entry.ends[j];
    offset += entry.text.length;
  }
  return { hour, times, text: parts.join(''), ends };
}

/** Entries without those whose id is in `gone`, with `added` (any order) merged in, sorted. */
export function changed(
  entries: readonly LineEntry[],
  gone: ReadonlySet<string>,
  added: readonly LineEntry[],
): LineEntry[] {
  const kept = gone.size > 0 ? entries.filter((entry) => !gone.has(entry.id)) : [...entries];
  if (added.length === 0) return kept;
  const adding = [...added].sort(compareEntries);
  // One new entry at the end of the hour (applying a tag now) is the common case: no sort then.
  if (kept.length === 0 || compareEntries(kept[kept.length - 1], adding[0]) < 0) return kept.concat(adding);
  const merged: LineEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length && j < adding.length)
    merged.push(compareEntries(kept[i], adding[j]) <= 0 ? kept[i++] : adding[j++]);
  while (i < kept.length) merged.push(kept[i++]);
  while (j < adding.length) merged.push(adding[j++]);
  return merged;
}

/** Schema upgrade to version 3: the lines of every existing tagging, read in pages (records are large). */
export async function fillLines(transaction: Transaction): Promise<void> {
  const taggings = transaction.table('taggings') as Table<Tagging, string>;
  const hours = new Map<number, LineEntry[]>();
  await eachPage(
    taggings,
    2_000,
    (tagging) => tagging.id,
    (page) => {
      for (const tagging of page) {
        const entry = entryOf(tagging);
        if (!entry) continue;
        const hour = blockHourOf(entry.time);
        let list = hours.get(hour);
        if (!list) hours.set(hour, (list = []));
        list.push(entry);
      }
    },
  );
  const blocks = [...hours].map(([hour, entries]) => blockOf(hour, entries.sort(compareEntries)));
  const lines = transaction.table('lines') as Table<LineBlock, number>;
  for (let i = 0; i < blocks.length; i += 50) await lines.bulkPut(blocks.slice(i, i + 50));
}

/** The hour blocks as packed blocks (lib/db/blockClaims.ts); above 16 hours, unclaimed ones are read as one range. */
const LINE_CODEC: BlockCodec<LineEntry, LineBlock> = {
  keyOf: (block) => block.hour,
  entriesOf,
  blockOf,
  byRangeFrom: 16,
};

export type LinesChange = BlocksChange<LineEntry>;

/** Claims `hours` in the transaction: their entries now, and the way to write them. */
export function claimHours(lines: DBCoreTable, trans: DBCoreTransaction, hours: Iterable<number>): LinesChange {
  return claimBlocks(lines, trans, hours, LINE_CODEC);
}

/** A whole-table delete: every block goes, and the transaction's claims start again from the (empty) store. */
export const clearLines = clearBlocks;
