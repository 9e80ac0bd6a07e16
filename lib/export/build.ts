/**
 * Builds the export files in an extension page. The detail CSV is written in the background, next to the data, and
 * arrives as ready CSV text on a BroadcastChannel (see lib/db/exportQueries.ts); the summary's rows are turned
 * into CSV here in chunks, yielding between them so the UI never freezes.
 */
import { BOM, csvLines, nextTick } from '../csv';
import type { DetailCsvMessage } from '../db/exportQueries';
import { AppError } from '../errors';
import { send } from '../messaging';
import type { DateRange } from '../period';
import { DETAIL_HEADER } from './detail';
import { SUMMARY_HEADER } from './summary';

export const EXPORT_PAGE_SIZE = 2_000;

/** How long the last chunks may trail the background's answer (they travel by another route). */
const TRAILING_CHUNKS_MS = 30_000;

export type Progress = (done: number, total: number) => void;

export interface BuiltCsv {
  parts: BlobPart[];
  rows: number;
}

export async function buildDetailCsv(
  range: DateRange,
  asin: string | undefined,
  onProgress?: Progress,
): Promise<BuiltCsv> {
  const parts: BlobPart[] = [BOM + csvLines([DETAIL_HEADER])];
  const channel = new BroadcastChannel(`sct-export:${crypto.randomUUID()}`);
  let rows = 0;
  const ended = new Promise<number>((resolve) => {
    channel.onmessage = (event: MessageEvent<DetailCsvMessage>) => {
      const message = event.data;
      if (message.kind === 'end') return resolve(message.rows);
      if (message.kind === 'progress') return onProgress?.(message.done, message.total);
      parts.push(new Blob([message.text]));
      rows += message.rows;
      onProgress?.(message.done, message.total);
    };
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const written = await send('export.detailCsv', { ...range, asin, channel: channel.name });
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError('internal', 'The export stopped arriving')), TRAILING_CHUNKS_MS);
    });
    const received = await Promise.race([ended, late]);
    if (received !== written.rows || rows !== written.rows) {
      throw new AppError('internal', `The export lost rows (${rows} of ${written.rows})`);
    }
  } finally {
    clearTimeout(timer);
    channel.close();
  }
  return { parts, rows };
}

export async function buildSummaryCsv(
  range: DateRange,
  asin: string | undefined,
  onProgress?: Progress,
): Promise<BuiltCsv> {
  const { rows } = await send('export.summary', { ...range, asin });
  const parts: BlobPart[] = [BOM + csvLines([SUMMARY_HEADER])];
  for (let i = 0; i < rows.length; i += EXPORT_PAGE_SIZE) {
    parts.push(csvLines(rows.slice(i, i + EXPORT_PAGE_SIZE)));
    onProgress?.(Math.min(i + EXPORT_PAGE_SIZE, rows.length), rows.length);
    await nextTick();
  }
  return { parts, rows: rows.length };
}

export const CSV_MIME = 'text/csv;charset=utf-8';
