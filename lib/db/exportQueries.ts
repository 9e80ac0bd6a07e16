/**
 * The detail export, read in the background next to the data. `streamDetailCsv` writes the whole file's rows as
 * ready CSV text to a BroadcastChannel the popup listens on (lib/export/build.ts); `detailPage` gives pages of the
 * same rows as cells.
 *
 * Why a channel: runtime messages go through JSON in the browser process, which took longer for 30 MB of CSV than
 * writing it; a BroadcastChannel between two pages of the extension's own origin copies the strings as they are.
 * Why hour blocks: IndexedDB's cost is per record, so an export without an ASIN reads the taggings' fields packed one
 * record per UTC hour (lib/db/lines.ts), already in export order, instead of one record per tagging.
 * Why chunks with one read ahead: at 100,000 rows the time goes into IndexedDB, so the next chunk of blocks or
 * taggings is always being read while this one is written; the items are read once (all in one go when the export
 * covers the whole table) and every tag's and item's cells are written once (lib/export/detail.ts).
 */
import { csvCell } from '../csv';
import { DetailLineWriter, detailRow, type ItemCells } from '../export/detail';
import type { Item, Tagging } from '../model';
import type { DateRange } from '../period';
import type { TagDatabase } from './database';
import { ITEM_BUCKETS, type ItemEntry, ItemField, itemEntriesOf, itemEntryOf } from './itemBlocks';
import { itemCount } from './itemCount';
import { blockHourOf, FIELD_COUNT, Field, field, type LineBlock } from './lines';
import { byTime, isAllTime, taggingsIn, tagIndex } from './queries';

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

/** One page of detail CSV rows as cells, oldest first. */
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

/** What the background posts on the export's channel: progress and chunks of rows, then the end. */
export type DetailCsvMessage =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'rows'; text: string; rows: number; done: number; total: number }
  | { kind: 'end'; rows: number };

/** Taggings read per IndexedDB request (and rows per message posted). */
export const DETAIL_CHUNK = 5_000;
/** Hour blocks (lib/db/lines.ts) read per request: about 10,000 taggings at 100,000 a year. */
const BLOCKS_PER_READ = 1_000;
/**
 * Up to this many rows at a chunk's last time are read again with the next chunk; the rest of a longer burst at one
 * time is read by a request of its own.
 */
const FEW_AT_ONE_TIME = 100;

/** The whole detail export to `channel`, chunk by chunk; resolves once every chunk is posted. */
export async function streamDetailCsv(
  db: TagDatabase,
  range: DateRange,
  asin: string | undefined,
  channelName: string,
): Promise<{ rows: number }> {
  const channel = new BroadcastChannel(channelName);
  try {
    const rows = await writeDetailCsv(
      db,
      range,
      asin,
      (text, count, done, total) => {
        channel.postMessage({ kind: 'rows', text, rows: count, done, total } satisfies DetailCsvMessage);
      },
      {
        onProgress: (done, total) => channel.postMessage({ kind: 'progress', done, total } satisfies DetailCsvMessage),
      },
    );
    channel.postMessage({ kind: 'end', rows } satisfies DetailCsvMessage);
    return { rows };
  } finally {
    channel.close();
  }
}

export interface DetailCsvOptions {
  /** Rows per chunk given to `write`, and taggings per read of one ASIN's range. */
  chunk?: number;
  /** Hour blocks per read when the export has no ASIN. */
  blocksPerRead?: number;
  fewAtOneTime?: number;
  /** Rows read so far of `total`, as the taggings are read. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The detail CSV's rows (no BOM, no header), oldest first, given to `write` chunk by chunk as text; resolves to the
 * number of rows. `total` is counted once at the start (taggings added meanwhile can make `done` pass it).
 */
export async function writeDetailCsv(
  db: TagDatabase,
  range: DateRange,
  asin: string | undefined,
  write: (text: string, rows: number, done: number, total: number) => void,
  {
    chunk = DETAIL_CHUNK,
    blocksPerRead = BLOCKS_PER_READ,
    fewAtOneTime = FEW_AT_ONE_TIME,
    onProgress,
  }: DetailCsvOptions = {},
): Promise<number> {
  const wholeTable = !asin && isAllTime(range);
  // Everything is asked for at once, so the database always has the next read queued; the small reads first, so
  // the writing can start with the first chunk of taggings.
  const starting = Promise.all([
    tagIndex(db),
    // The tagging count is kept by the database (lib/db/facts.ts); counting a range steps over every row of it.
    wholeTable
      ? db.counters.get('taggings').then((counter) => counter?.value ?? db.taggings.count())
      : taggingsIn(db, range, asin).count(),
  ]);
  const items = new ItemCache(db, wholeTable);
  // Without an ASIN the rows come from the hour blocks, already in export order; one ASIN's through its index.
  const reads = asin
    ? new TaggingReader(db, range, asin, chunk, fewAtOneTime)
    : new BlockReader(db, wholeTable ? undefined : range, blocksPerRead);
  const [index, total] = await starting;
  // An export that covers nearly every item reads them all in a few requests, not one per item.
  if (!wholeTable && total >= (await itemCount(db))) items.readAllNow();
  const writer = new DetailLineWriter(index);
  let done = 0;
  if (reads instanceof BlockReader) {
    let text = '';
    let pending = 0;
    let written = 0;
    while (!reads.exhausted) {
      const blocks = await reads.next();
      const before = done;
      const spans = blocks.map((block) => reads.span(block));
      // Reading every item, the keys are not needed (collecting them took ~50 ms at 100,000 rows).
      await items.load(items.readingAll ? [] : itemKeysOf(blocks, spans));
      for (const [n, block] of blocks.entries()) {
        const [from, to] = spans[n];
        const { times, text: packed, ends } = block;
        for (let i = from; i < to; i++) {
          // Fields are packed in LINE_FIELDS order, each starting where the one before ends (lib/db/lines.ts).
          // Where each field ends: the next one starts there.
          const k = i * FIELD_COUNT;
          const idEnd = ends[k + Field.Id];
          const tagIdEnd = ends[k + Field.TagId];
          const itemKeyEnd = ends[k + Field.ItemKey];
          const asinEnd = ends[k + Field.Asin];
          const sourceEnd = ends[k + Field.Source];
          const marketplaceEnd = ends[k + Field.Marketplace];
          const snippetEnd = ends[k + Field.Snippet];
          const noteEnd = ends[k + Field.Note];
          text += writer.lineOf(
            times[i],
            packed.slice(asinEnd, sourceEnd),
            packed.slice(sourceEnd, marketplaceEnd),
            packed.slice(itemKeyEnd, asinEnd),
            packed.slice(idEnd, tagIdEnd),
            packed.slice(marketplaceEnd, snippetEnd),
            packed.slice(snippetEnd, noteEnd),
            packed.slice(noteEnd, ends[k + Field.PageUrl]),
            items.get(packed.slice(tagIdEnd, itemKeyEnd)),
          );
          if (++pending >= chunk) {
            written += pending;
            write(text, pending, written, Math.max(total, written));
            text = '';
            pending = 0;
          }
        }
        done += to - from;
      }
      if (done > before) onProgress?.(done, Math.max(total, done));
    }
    if (pending > 0) {
      written += pending;
      write(text, pending, written, Math.max(total, written));
    }
    return done;
  }
  while (!reads.exhausted) {
    const taggings = await reads.next();
    if (taggings.length === 0) continue;
    await items.load(taggings.map((tagging) => tagging.itemKey));
    let text = '';
    for (const tagging of taggings) text += writer.line(tagging, items.get(tagging.itemKey));
    done += taggings.length;
    onProgress?.(done, Math.max(total, done));
    write(text, taggings.length, done, Math.max(total, done));
  }
  return done;
}

function itemKeysOf(blocks: readonly LineBlock[], spans: readonly (readonly [number, number])[]): Set<string> {
  const keys = new Set<string>();
  for (const [n, block] of blocks.entries()) {
    for (let i = spans[n][0]; i < spans[n][1]; i++) keys.add(field(block, i, Field.ItemKey));
  }
  return keys;
}

/**
 * The hour blocks (lib/db/lines.ts) of a range, or of all time, in time order, many per request; the next
 * request is made as soon as one arrives, so the database reads it while the caller writes this one.
 */
class BlockReader {
  exhausted = false;
  private pending: Promise<LineBlock[]>;
  private readonly lastHour: number;

  constructor(
    private readonly db: TagDatabase,
    /** undefined: every block, every entry. */
    private readonly range: DateRange | undefined,
    private readonly perRead: number,
  ) {
    this.lastHour = range ? blockHourOf(range.end) : Number.POSITIVE_INFINITY;
    this.pending = this.read(range ? blockHourOf(range.start) : Number.NEGATIVE_INFINITY, true);
  }

  async next(): Promise<LineBlock[]> {
    const blocks = await this.pending;
    if (blocks.length < this.perRead) this.exhausted = true;
    else this.pending = this.read(blocks[blocks.length - 1].hour, false);
    return blocks;
  }

  /** The entries of a block inside the range: [from, to). */
  span(block: LineBlock): [number, number] {
    const { times } = block;
    if (!this.range) return [0, times.length];
    return [firstAtOrAfter(times, this.range.start), firstAtOrAfter(times, this.range.end)];
  }

  private read(from: number, includeFrom: boolean): Promise<LineBlock[]> {
    const reading = this.db.lines
      .where(':id')
      .between(from, this.lastHour, includeFrom, true)
      .limit(this.perRead)
      .toArray();
    // Read ahead: a failure surfaces when the blocks are asked for, never as an unhandled rejection meanwhile.
    reading.catch(() => undefined);
    return reading;
  }
}

/** The first index whose time is at or after `time` (times ascending). */
function firstAtOrAfter(times: Float64Array, time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle] < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The export's taggings in time order, chunk by chunk; the next chunk is requested as soon as one arrives, so the
 * database reads it while the caller writes this one. The next chunk starts at the last one's time; when many
 * taggings share that time (imports write bursts), the rest of them come in one request of their own.
 */
class TaggingReader {
  exhausted = false;
  private cursor: ExportCursor | undefined;
  private pending: Promise<{ taggings: Tagging[]; last: boolean }>;

  constructor(
    private readonly db: TagDatabase,
    private readonly range: DateRange,
    private readonly asin: string | undefined,
    private readonly chunk: number,
    private readonly fewAtOneTime: number,
  ) {
    this.pending = this.read();
  }

  async next(): Promise<Tagging[]> {
    const { taggings, last } = await this.pending;
    this.exhausted = last;
    if (!last) {
      this.cursor = cursorAfter(taggings, this.cursor);
      this.pending = this.read();
    }
    return taggings;
  }

  private read(): Promise<{ taggings: Tagging[]; last: boolean }> {
    const reading = this.readAfter(this.cursor);
    // Read ahead: a failure surfaces when the chunk is asked for, never as an unhandled rejection meanwhile.
    reading.catch(() => undefined);
    return reading;
  }

  private async readAfter(cursor: ExportCursor | undefined): Promise<{ taggings: Tagging[]; last: boolean }> {
    const { db, range, asin, chunk } = this;
    if (!cursor) {
      const taggings = await taggingsIn(db, range, asin).limit(chunk).toArray();
      return { taggings, last: taggings.length < chunk };
    }
    const time = cursor.createdAt;
    if (cursor.skip <= this.fewAtOneTime) {
      // Usually only the last row or two share the boundary's time: read them again rather than ask twice.
      const taggings = (
        await byTime(db.taggings, asin, time, range.end)
          .limit(chunk + cursor.skip)
          .toArray()
      ).slice(cursor.skip);
      return { taggings, last: taggings.length < chunk };
    }
    const [sameTime, later] = await Promise.all([
      (asin
        ? db.taggings.where('[asin+createdAt]').equals([asin, time])
        : db.taggings.where('createdAt').equals(time)
      ).toArray(),
      byTime(db.taggings, asin, time, range.end, false).limit(chunk).toArray(),
    ]);
    const rest = sameTime.slice(cursor.skip);
    return { taggings: rest.length === 0 ? later : rest.concat(later), last: later.length < chunk };
  }
}

/** Each item's cells, read once per export: from the items asked for, or from every item's block at once. */
class ItemCache {
  private readonly cells = new Map<string, ItemCells | undefined>();
  private all: Promise<void> | undefined;

  constructor(
    private readonly db: TagDatabase,
    readAll: boolean,
  ) {
    if (readAll) this.readAllNow();
  }

  /** Reads every item from now on (once). */
  readAllNow(): void {
    this.all ??= this.readAll();
    this.all.catch(() => undefined);
  }

  get readingAll(): boolean {
    return this.all !== undefined;
  }

  get(key: string): ItemCells | undefined {
    return this.cells.get(key);
  }

  async load(itemKeys: Iterable<string>): Promise<void> {
    if (this.all) return this.all;
    const missing = new Set<string>();
    for (const key of itemKeys) if (!this.cells.has(key)) missing.add(key);
    if (missing.size === 0) return;
    const keys = [...missing];
    const items = await this.db.items.bulkGet(keys);
    for (const [i, key] of keys.entries()) this.cells.set(key, items[i] && cellsOf(itemEntryOf(items[i])));
  }

  private async readAll(): Promise<void> {
    // The item blocks (lib/db/itemBlocks.ts): 512 records for every item, in two requests so the first half is
    // unpacked while the second is read.
    const half = ITEM_BUCKETS / 2;
    const [first, second] = [
      this.db.itemBlocks.where(':id').below(half).toArray(),
      this.db.itemBlocks.where(':id').aboveOrEqual(half).toArray(),
    ];
    second.catch(() => undefined);
    for (const blocks of [await first, await second]) {
      for (const block of blocks)
        for (const entry of itemEntriesOf(block)) this.cells.set(entry[ItemField.Key], cellsOf(entry));
    }
  }
}

/** An item's part of a detail line, from its packed fields: the same cells detailRow writes for the item. */
function cellsOf(entry: ItemEntry): ItemCells {
  return {
    asin: entry[ItemField.Asin],
    // sku through return_reason, packed in the order of itemColumns (lib/export/detail.ts).
    middle: entry.slice(ItemField.Sku, ItemField.WholeItem).map(csvCell).join(','),
    wholeItem: csvCell(entry[ItemField.WholeItem]),
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
  const skip = after.createdAt >= range.start ? after.skip : 0;
  return (
    await byTime(db.taggings, asin, from, range.end)
      .limit(limit + skip)
      .toArray()
  ).slice(skip);
}
