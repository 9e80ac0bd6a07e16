/** Helpers shared by the popup, options, export and import specs: seeding through the message map, reading CSVs. */
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import Papa from 'papaparse';

/** Sends one message through the real runtime messaging (validated by the background like any other). */
export async function message<T = any>(page: Page, type: string, payload: unknown): Promise<T> {
  const reply = await page.evaluate(async ([type, payload]) => chrome.runtime.sendMessage({ type, payload }), [
    type,
    payload,
  ] as const);
  if (!reply?.ok) throw new Error(`${type}: ${reply?.error?.message ?? 'no reply'}`);
  return reply.value as T;
}

export interface SeedTagging {
  item: Record<string, unknown>;
  tagPath: string;
  snippet?: string;
  note?: string;
}

export async function seed(page: Page, taggings: SeedTagging[]): Promise<void> {
  for (const { item, tagPath, snippet, note } of taggings) {
    await message(page, 'taggings.apply', {
      item,
      tagPath,
      note,
      snippet: snippet ? { exact: snippet, prefix: '', suffix: '' } : undefined,
    });
  }
}

export const REVIEWS_URL = 'https://sellercentral.amazon.com/brand-customer-reviews/';
export const RETURNS_URL = 'https://sellercentral-europe.amazon.com/gp/returns/list/v2';
export const MESSAGES_URL = 'https://sellercentral.amazon.com/messaging/inbox';

/** A small, varied data set: reviews, a return, a message; formula-like and Chinese text. */
export const SAMPLE: SeedTagging[] = [
  {
    item: {
      source: 'review',
      marketplace: 'US',
      asin: 'B0AAAAAAA1',
      sku: 'PWR-01',
      reviewId: 'R1AAA',
      rating: 1,
      pageUrl: REVIEWS_URL,
    },
    tagPath: 'Battery > Dead on arrival',
    snippet: '=HYPERLINK("http://evil.example")',
    note: 'Buyer said "never again", 中文备注',
  },
  {
    item: {
      source: 'return',
      marketplace: 'DE',
      asin: 'B0AAAAAAA1',
      orderId: '302-1234567-1234567',
      sku: 'PWR-01',
      returnReason: 'Defective',
      pageUrl: RETURNS_URL,
    },
    tagPath: 'Battery > Swollen',
  },
  {
    item: { source: 'message', marketplace: 'US', asin: 'B0BBBBBBB2', caseId: '12345678901', pageUrl: MESSAGES_URL },
    tagPath: '包装破损',
    note: '-5 stars, @support',
  },
  {
    item: {
      source: 'review',
      marketplace: 'US',
      asin: 'B0AAAAAAA1',
      sku: 'PWR-01',
      reviewId: 'R1AAA',
      rating: 1,
      pageUrl: REVIEWS_URL,
    },
    tagPath: 'Battery',
  },
];

export interface CsvFile {
  name: string;
  raw: string;
  header: string[];
  rows: Record<string, string>[];
  cells: string[][];
}

export async function readCsvDownload(download: Download): Promise<CsvFile> {
  const path = await download.path();
  const raw = readFileSync(path, 'utf8');
  const parsed = Papa.parse<string[]>(raw.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const [header, ...cells] = parsed.data;
  const rows = cells.map((row) => Object.fromEntries(header.map((column, i) => [column, row[i]])));
  return { name: download.suggestedFilename(), raw, header, rows, cells };
}

/** Clicks a control that triggers a download and returns the parsed CSV. */
export async function downloadCsv(page: Page, testId: string): Promise<CsvFile> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readCsvDownload(download);
}

/** Every line break outside quoted cells is CRLF. */
export function lineBreaksAreCrlf(raw: string): boolean {
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '\n' && raw[i - 1] !== '\r') return false;
    else if (!quoted && char === '\r' && raw[i + 1] !== '\n') return false;
  }
  return true;
}
