/** Checks of the hour blocks (lib/db/lines.ts) against the taggings, shared by the lines and migration tests. */
import { expect } from 'vitest';
import type { TagDatabase } from '@/lib/db/database';
import { FIELD_COUNT, field, LINE_BLOCK_MS, LINE_FIELDS, type LineBlock } from '@/lib/db/lines';
import type { Tagging } from '@/lib/model';

/** A row of a block as plain values: its time and every field. */
type Row = [number, ...string[]];

function rowOf(tagging: Tagging): Row {
  return [
    tagging.createdAt,
    tagging.id,
    tagging.tagId,
    tagging.itemKey,
    tagging.asin || '',
    tagging.source,
    tagging.marketplace,
    tagging.snippet?.exact || '',
    tagging.note,
    tagging.pageUrl,
  ];
}

/** The blocks as they must be: the taggings in createdAt index order (ties by id), grouped by UTC hour. */
export function expectedBlocks(taggings: Tagging[]): { hour: number; rows: Row[] }[] {
  const sorted = [...taggings].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const blocks: { hour: number; rows: Row[] }[] = [];
  for (const tagging of sorted) {
    const hour = Math.floor(tagging.createdAt / LINE_BLOCK_MS);
    if (blocks.at(-1)?.hour !== hour) blocks.push({ hour, rows: [] });
    blocks[blocks.length - 1].rows.push(rowOf(tagging));
  }
  return blocks;
}

function rowsOf(block: LineBlock): Row[] {
  expect(block.times).toBeInstanceOf(Float64Array);
  expect(block.ends).toBeInstanceOf(Uint32Array);
  expect(block.ends.length).toBe(block.times.length * FIELD_COUNT);
  expect(block.ends.at(-1)).toBe(block.text.length);
  return Array.from(block.times, (time, i): Row => [time, ...LINE_FIELDS.map((_, j) => field(block, i, j as 0))]);
}

export async function expectLinesInStep(db: TagDatabase): Promise<void> {
  const [taggings, blocks] = await Promise.all([db.taggings.toArray(), db.lines.toArray()]);
  expect(blocks.map((block) => ({ hour: block.hour, rows: rowsOf(block) }))).toEqual(expectedBlocks(taggings));
  // Hour order is also the export order: the blocks in key order give the createdAt index's order.
  const indexOrder = await db.taggings.orderBy('createdAt').primaryKeys();
  expect(blocks.flatMap((block) => rowsOf(block).map((row) => row[1]))).toEqual(indexOrder);
}
