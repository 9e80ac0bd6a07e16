/**
 * Builds the export files in an extension page: rows come from the background page by page, are turned into CSV
 * in chunks (papaparse), and the page yields between chunks so 100,000 rows never freeze the UI.
 */
import { BOM, csvLines, nextTick } from '../csv';
import type { ExportCursor } from '../db/exportQueries';
import { send } from '../messaging';
import type { DateRange } from '../period';
import { DETAIL_HEADER } from './detail';
import { SUMMARY_HEADER } from './summary';

export const EXPORT_PAGE_SIZE = 2_000;

export type Progress = (done: number, total: number) => void;

export interface BuiltCsv {
  parts: string[];
  rows: number;
}

export async function buildDetailCsv(
  range: DateRange,
  asin: string | undefined,
  onProgress?: Progress,
): Promise<BuiltCsv> {
  const parts = [BOM + csvLines([DETAIL_HEADER])];
  let offset = 0;
  let total = 0;
  let after: ExportCursor | undefined;
  do {
    const page = await send('export.detailPage', { ...range, asin, offset, limit: EXPORT_PAGE_SIZE, after });
    total = page.total;
    after = page.last;
    if (page.rows.length === 0) break;
    parts.push(csvLines(page.rows));
    offset += page.rows.length;
    onProgress?.(offset, total);
    await nextTick();
  } while (offset < total);
  return { parts, rows: offset };
}

export async function buildSummaryCsv(
  range: DateRange,
  asin: string | undefined,
  onProgress?: Progress,
): Promise<BuiltCsv> {
  const { rows } = await send('export.summary', { ...range, asin });
  const parts = [BOM + csvLines([SUMMARY_HEADER])];
  for (let i = 0; i < rows.length; i += EXPORT_PAGE_SIZE) {
    parts.push(csvLines(rows.slice(i, i + EXPORT_PAGE_SIZE)));
    onProgress?.(Math.min(i + EXPORT_PAGE_SIZE, rows.length), rows.length);
    await nextTick();
  }
  return { parts, rows: rows.length };
}

export const CSV_MIME = 'text/csv;charset=utf-8';
