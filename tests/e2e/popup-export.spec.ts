import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DETAIL_HEADER } from '../../lib/export/detail';
import { SUMMARY_HEADER } from '../../lib/export/summary';
import { rangeLabel, resolvePeriod } from '../../lib/period';
import {
  downloadCsv,
  lineBreaksAreCrlf,
  MESSAGES_URL,
  message,
  RETURNS_URL,
  REVIEWS_URL,
  SAMPLE,
  seed,
} from './export-helpers';
import { expect, extensionServiceWorker, launchWithExtension, test } from './extension';

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/;

test('the popup shows this week against last week and the top problems rolled up', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByTestId('sct-top-empty')).toBeVisible();
  await seed(popup, SAMPLE);
  // The popup refreshes on the background's change broadcast.
  await expect(popup.getByTestId('sct-week-taggings')).toHaveText('4');
  await expect(popup.getByTestId('sct-week-items')).toHaveText('3');
  await expect(popup.getByTestId('sct-lastweek-taggings')).toHaveText('0');
  await expect(popup.getByTestId('sct-period-taggings')).toHaveText('4');
  const top = popup.getByTestId('sct-top-problem');
  await expect(top).toHaveCount(2);
  await expect(top.nth(0)).toHaveAttribute('data-path', 'Battery');
  await expect(top.nth(0).getByTestId('sct-top-count')).toHaveText('3');
  await expect(top.nth(0).getByTestId('sct-top-child')).toHaveText([/Dead on arrival\s*1/, /Swollen\s*1/]);
  await expect(top.nth(1)).toHaveAttribute('data-path', '包装破损');
  await expect(popup.getByTestId('sct-open-options')).toHaveAttribute('href', /options\.html$/);
});

test('both exports download from the popup and match cell by cell', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await seed(popup, SAMPLE);
  await expect(popup.getByTestId('sct-period-taggings')).toHaveText('4');
  const label = rangeLabel(resolvePeriod({ kind: 'thisWeek' }));

  const detail = await downloadCsv(popup, 'sct-export-detail');
  expect(detail.name).toBe(`after-sales-tags-detail-${label}.csv`);
  expect(detail.raw.startsWith('\uFEFF')).toBe(true);
  expect(lineBreaksAreCrlf(detail.raw)).toBe(true);
  expect(detail.raw.split('\r\n')[0]).toBe(`\uFEFF${DETAIL_HEADER.join(',')}`);
  expect(detail.header).toEqual([...DETAIL_HEADER]);
  expect(detail.rows).toHaveLength(4);
  for (const row of detail.rows) {
    expect(row.tagged_at).toMatch(ISO_WITH_ZONE);
    expect(Math.abs(Date.parse(row.tagged_at) - Date.now())).toBeLessThan(5 * 60_000);
  }
  const strip = (row: Record<string, string>) => ({ ...row, tagged_at: '' });
  expect(detail.rows.map(strip)).toEqual([
    {
      tagged_at: '',
      source: 'review',
      marketplace: 'US',
      asin: 'B0AAAAAAA1',
      sku: 'PWR-01',
      order_id: '',
      review_id: 'R1AAA',
      rating: '1',
      return_reason: '',
      tag: 'Dead on arrival',
      tag_path: 'Battery > Dead on arrival',
      top_tag: 'Battery',
      snippet: `'=HYPERLINK("http://evil.example")`,
      note: 'Buyer said "never again", 中文备注',
      page_url: REVIEWS_URL,
    },
    {
      tagged_at: '',
      source: 'return',
      marketplace: 'DE',
      asin: 'B0AAAAAAA1',
      sku: 'PWR-01',
      order_id: '302-1234567-1234567',
      review_id: '',
      rating: '',
      return_reason: 'Defective',
      tag: 'Swollen',
      tag_path: 'Battery > Swollen',
      top_tag: 'Battery',
      snippet: '',
      note: '',
      page_url: RETURNS_URL,
    },
    {
      tagged_at: '',
      source: 'message',
      marketplace: 'US',
      asin: 'B0BBBBBBB2',
      sku: '',
      order_id: '',
      review_id: '',
      rating: '',
      return_reason: '',
      tag: '包装破损',
      tag_path: '包装破损',
      top_tag: '包装破损',
      snippet: '',
      note: "'-5 stars, @support",
      page_url: MESSAGES_URL,
    },
    {
      tagged_at: '',
      source: 'review',
      marketplace: 'US',
      asin: 'B0AAAAAAA1',
      sku: 'PWR-01',
      order_id: '',
      review_id: 'R1AAA',
      rating: '1',
      return_reason: '',
      tag: 'Battery',
      tag_path: 'Battery',
      top_tag: 'Battery',
      snippet: '',
      note: '',
      page_url: REVIEWS_URL,
    },
  ]);

  const summary = await downloadCsv(popup, 'sct-export-summary');
  expect(summary.name).toBe(`after-sales-tags-summary-${label}.csv`);
  expect(summary.raw.startsWith('\uFEFF')).toBe(true);
  expect(lineBreaksAreCrlf(summary.raw)).toBe(true);
  expect(summary.header).toEqual([...SUMMARY_HEADER]);
  const brief = summary.cells.map((cells) => cells.slice(0, 12).join('|'));
  expect(brief).toEqual([
    // asin|top_tag|tag_path|level|own|total|review|feedback|message|return|voc|other
    'ALL|Battery|Battery|1|1|3|2|0|0|1|0|0',
    'ALL|Battery|Battery > Dead on arrival|2|1|1|1|0|0|0|0|0',
    'ALL|Battery|Battery > Swollen|2|1|1|0|0|0|1|0|0',
    'ALL|包装破损|包装破损|1|1|1|0|0|1|0|0|0',
    'B0AAAAAAA1|Battery|Battery|1|1|3|2|0|0|1|0|0',
    'B0AAAAAAA1|Battery|Battery > Dead on arrival|2|1|1|1|0|0|0|0|0',
    'B0AAAAAAA1|Battery|Battery > Swollen|2|1|1|0|0|0|1|0|0',
    'B0BBBBBBB2|包装破损|包装破损|1|1|1|0|0|1|0|0|0',
  ]);
  for (const row of summary.rows) {
    expect(row.first_tagged).toMatch(ISO_WITH_ZONE);
    expect(row.last_tagged >= row.first_tagged).toBe(true);
  }

  // The popup, the tree and both CSVs agree.
  const tags = await message<any[]>(popup, 'tags.list', {});
  for (const tag of tags) {
    const row = summary.rows.find((r) => r.asin === 'ALL' && r.tag_path === tag.path);
    expect(Number(row?.total_count ?? 0)).toBe(tag.total);
    expect(detail.rows.filter((r) => r.tag_path === tag.path).length).toBe(tag.own);
  }
});

test('the ASIN filter and the period picker narrow the numbers and the exports', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await seed(popup, SAMPLE);
  await expect(popup.getByTestId('sct-period-taggings')).toHaveText('4');

  const asin = popup.getByTestId('sct-asin-input');
  await asin.fill('b0b');
  await expect(popup.locator('datalist option')).toHaveCount(1);
  await expect(popup.locator('datalist option')).toHaveAttribute('value', 'B0BBBBBBB2');
  await asin.fill('B0BBBBBBB2');
  await asin.press('Enter');
  await expect(popup.getByTestId('sct-period-taggings')).toHaveText('1');
  await expect(popup.getByTestId('sct-week-taggings')).toHaveText('1');
  const oneAsin = await downloadCsv(popup, 'sct-export-detail');
  expect(oneAsin.name).toBe(
    `after-sales-tags-detail-B0BBBBBBB2-${rangeLabel(resolvePeriod({ kind: 'thisWeek' }))}.csv`,
  );
  expect(oneAsin.rows.map((row) => row.asin)).toEqual(['B0BBBBBBB2']);
  const oneSummary = await downloadCsv(popup, 'sct-export-summary');
  expect(oneSummary.rows.map((row) => `${row.asin} ${row.tag_path} ${row.total_count}`)).toEqual([
    'ALL 包装破损 1',
    'B0BBBBBBB2 包装破损 1',
  ]);

  await popup.getByRole('button', { name: 'Clear ASIN' }).click();
  await expect(popup.getByTestId('sct-period-taggings')).toHaveText('4');

  await popup.getByTestId('sct-period-select').selectOption('lastWeek');
  await expect(popup.getByTestId('sct-period-taggings')).toHaveText('0');
  const empty = await downloadCsv(popup, 'sct-export-detail');
  expect(empty.name).toBe(`after-sales-tags-detail-${rangeLabel(resolvePeriod({ kind: 'lastWeek' }))}.csv`);
  expect(empty.raw).toBe(`\uFEFF${DETAIL_HEADER.join(',')}\r\n`);

  for (const kind of ['last7', 'last30', 'last90', 'all'] as const) {
    await popup.getByTestId('sct-period-select').selectOption(kind);
    await expect(popup.getByTestId('sct-period-taggings')).toHaveText('4');
  }
  const all = await downloadCsv(popup, 'sct-export-summary');
  expect(all.name).toBe('after-sales-tags-summary-all.csv');

  await popup.getByTestId('sct-period-select').selectOption('custom');
  await expect(popup.getByTestId('sct-period-taggings')).toHaveText('4');
  await popup.getByTestId('sct-period-from').fill('2020-01-01');
  await popup.getByTestId('sct-period-to').fill('2020-01-31');
  await expect(popup.getByTestId('sct-period-taggings')).toHaveText('0');
  const custom = await downloadCsv(popup, 'sct-export-detail');
  expect(custom.name).toBe('after-sales-tags-detail-2020-01-01_2020-01-31.csv');
});

test('the popup follows a Chinese browser', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sct-e2e-zh-'));
  const context = await launchWithExtension(dir, { locale: 'zh-CN' });
  try {
    const worker = await extensionServiceWorker(context);
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);
    await expect(popup.getByTestId('sct-export-detail')).toHaveText(/明细 CSV/);
    await expect(popup.getByTestId('sct-export-summary')).toHaveText(/汇总 CSV/);
    await expect(popup.getByRole('heading', { level: 1 })).toHaveText('售后标签');
    await popup.getByTestId('sct-export-detail').focus();
    await popup.keyboard.press('Tab');
    await expect(popup.getByTestId('sct-export-summary')).toBeFocused();
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
