import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { DETAIL_HEADER } from '../../lib/export/detail';
import { downloadCsv, message, REVIEWS_URL, SAMPLE, seed } from './export-helpers';
import { expect, readDatabase, test } from './extension';

const count = (page: Page) => page.getByTestId('sct-issue-count');

async function openIssues(page: Page) {
  await page.getByTestId('sct-tab-issues').click();
  await expect(page.getByTestId('sct-tab-issues')).toHaveAttribute('aria-selected', 'true');
}

test('the tagged-issues table filters, sorts and edits', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await seed(options, SAMPLE);
  await openIssues(options);
  await expect(count(options)).toHaveAttribute('data-count', '4');
  await expect(options.getByTestId('sct-issue-row')).toHaveCount(4);

  // Tag filter includes descendants.
  await options.getByTestId('sct-filter-tag').selectOption({ label: 'Battery' });
  await expect(count(options)).toHaveAttribute('data-count', '3');
  await options.getByTestId('sct-filter-tag').selectOption({ label: 'Battery > Swollen' });
  await expect(count(options)).toHaveAttribute('data-count', '1');
  await options.getByTestId('sct-filter-tag').selectOption('');
  await options.getByTestId('sct-filter-source').selectOption('return');
  await expect(count(options)).toHaveAttribute('data-count', '1');
  await options.getByTestId('sct-filter-source').selectOption('');
  await options.getByTestId('sct-filter-marketplace').selectOption('DE');
  await expect(count(options)).toHaveAttribute('data-count', '1');
  await options.getByTestId('sct-filter-marketplace').selectOption('');
  await options.getByTestId('sct-filter-text').fill('NEVER again');
  await expect(count(options)).toHaveAttribute('data-count', '1');
  await options.getByTestId('sct-filter-text').fill('hyperlink');
  await expect(count(options)).toHaveAttribute('data-count', '1');
  await options.getByTestId('sct-filter-text').fill('');
  await options.getByTestId('sct-filter-asin').fill('B0BBBBBBB2');
  await options.getByTestId('sct-filter-asin').press('Enter');
  await expect(count(options)).toHaveAttribute('data-count', '1');
  await options.getByRole('button', { name: 'Clear filters' }).click();
  await expect(count(options)).toHaveAttribute('data-count', '4');
  await options.getByTestId('sct-filter-from').fill('2099-01-01');
  await expect(count(options)).toHaveAttribute('data-count', '0');
  await expect(options.getByText('No taggings match')).toBeVisible();
  await options.getByTestId('sct-filter-from').fill('2000-01-01');
  await expect(count(options)).toHaveAttribute('data-count', '4');

  // Sorting by ASIN, both ways.
  await options.getByTestId('sct-sort-asin').click();
  const asins = () => options.getByTestId('sct-issue-asin').allTextContents();
  await expect.poll(asins).toEqual(['B0AAAAAAA1', 'B0AAAAAAA1', 'B0AAAAAAA1', 'B0BBBBBBB2']);
  await options.getByTestId('sct-sort-asin').click();
  await expect.poll(asins).toEqual(['B0BBBBBBB2', 'B0AAAAAAA1', 'B0AAAAAAA1', 'B0AAAAAAA1']);
  await options.getByTestId('sct-sort-tag').click();
  await expect
    .poll(() => options.getByTestId('sct-issue-tag').allTextContents())
    .toEqual(['Battery', 'Battery > Dead on arrival', 'Battery > Swollen', '包装破损']);

  // Buyer text is shown as text, never as HTML.
  const first = options.getByTestId('sct-issue-row').nth(1);
  await expect(first.getByTestId('sct-issue-snippet')).toHaveText('=HYPERLINK("http://evil.example")');

  // Edit a note.
  await first.getByTestId('sct-issue-edit-note').click();
  await options.getByTestId('sct-issue-note-input').fill('Checked with the factory');
  await options.getByTestId('sct-issue-note-input').press('Enter');
  await expect(first.getByTestId('sct-issue-note')).toHaveText('Checked with the factory');
  const id = await first.getAttribute('data-tagging-id');
  expect((await readDatabase(options)).taggings.find((t: any) => t.id === id)?.note).toBe('Checked with the factory');

  // Change its tag.
  await first.getByTestId('sct-issue-tag').click();
  await options.getByTestId('sct-issue-tag-select').selectOption({ label: 'Battery > Swollen' });
  await expect(options.locator(`[data-tagging-id="${id}"]`).getByTestId('sct-issue-tag')).toHaveText(
    'Battery > Swollen',
  );
  const tags = await message<any[]>(options, 'tags.list', {});
  expect(tags.find((tag) => tag.path === 'Battery > Swollen')?.own).toBe(2);

  // Open the original page.
  await expect(first.getByTestId('sct-issue-open')).toHaveAttribute('href', REVIEWS_URL);

  // Remove, then undo.
  await options.locator(`[data-tagging-id="${id}"]`).getByTestId('sct-issue-remove').click();
  await expect(count(options)).toHaveAttribute('data-count', '3');
  await options.getByTestId('sct-issue-undo').getByRole('button', { name: 'Undo' }).click();
  await expect(count(options)).toHaveAttribute('data-count', '4');
  expect((await readDatabase(options)).taggings.find((t: any) => t.id === id)?.note).toBe('Checked with the factory');
});

// 10,000 by default: IndexedDB writes on this 2-core CI machine take ~1 ms each, so seeding 100,000 takes minutes.
// BULK_TOTAL=100000 runs the same checks at full size.
test('a large database: the table renders only visible rows and the popup exports every row', async ({
  openExtensionPage,
}) => {
  const TOTAL = Number(process.env.BULK_TOTAL ?? 10_000);
  test.setTimeout(TOTAL > 20_000 ? 900_000 : 180_000);
  const options = await openExtensionPage('options.html');
  // Seed through the import messages (validated like any import), in chunks.
  const start = Date.UTC(2026, 0, 1);
  const rows: { rowNumber: number; cells: string[] }[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const asin = `B0BULK${String(i % 50).padStart(4, '0')}`;
    const leaf = ['Dead', 'Swollen', 'Leaking', 'Hot'][i % 4];
    rows.push({
      rowNumber: i + 2,
      cells: [
        new Date(start + i * 60_000).toISOString().replace('.000Z', 'Z'),
        'review',
        'US',
        asin,
        '',
        '',
        `RBULK${i}`,
        String((i % 5) + 1),
        '',
        leaf,
        `Battery > ${leaf}`,
        'Battery',
        '',
        i % 1000 === 0 ? `needle ${i}` : '',
        REVIEWS_URL,
      ],
    });
  }
  const session = 'bulk-session-1';
  for (let i = 0; i < rows.length; i += 10_000) {
    await message(options, 'import.stage', {
      kind: 'csv',
      session,
      header: i === 0 ? [...DETAIL_HEADER] : undefined,
      rows: rows.slice(i, i + 10_000),
    });
  }
  const preview = await message(options, 'import.preview', { session });
  expect(preview).toMatchObject({ toImport: TOTAL, duplicates: 0, rejected: [], ok: true });
  const report = await message(options, 'import.commit', { session });
  expect(report.toImport).toBe(TOTAL);

  await openIssues(options);
  await expect(count(options)).toHaveAttribute('data-count', String(TOTAL), { timeout: 30_000 });
  const rendered = await options.getByTestId('sct-issue-row').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(80);
  // Newest first; scroll to the bottom to reach the oldest.
  await options.getByTestId('sct-issue-scroller').evaluate((element) => {
    element.scrollTop = element.scrollHeight;
  });
  await expect(options.getByTestId('sct-issue-snippet').last()).toContainText('#RBULK0', { timeout: 15_000 });
  expect(await options.getByTestId('sct-issue-row').count()).toBeLessThan(80);
  await options.getByTestId('sct-filter-text').fill('needle');
  await expect(count(options)).toHaveAttribute('data-count', String(TOTAL / 1000), { timeout: 30_000 });

  // The tree and the popup agree on the total; the detail export has every row, with progress along the way.
  const tags = await message<any[]>(options, 'tags.list', {});
  expect(tags.find((tag) => tag.path === 'Battery')?.total).toBe(TOTAL);
  const popup = await openExtensionPage('popup.html');
  await popup.getByTestId('sct-period-select').selectOption('all');
  await expect(popup.getByTestId('sct-period-taggings')).toHaveText(String(TOTAL), { timeout: 30_000 });
  // Progress shows while the export runs (watched from inside the page: it may be brief).
  await popup.evaluate(() => {
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="sct-export-progress"]')) (window as any).sawProgress = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  const [download] = await Promise.all([
    popup.waitForEvent('download', { timeout: 600_000 }),
    popup.getByTestId('sct-export-detail').click(),
  ]);
  expect(await popup.evaluate(() => (window as any).sawProgress)).toBe(true);
  await expect(popup.getByTestId('sct-export-done')).toContainText(`${TOTAL} rows`);
  const raw = readFileSync(await download.path(), 'utf8');
  const lines = raw.split('\r\n');
  expect(lines[0]).toBe(`\uFEFF${DETAIL_HEADER.join(',')}`);
  expect(lines.length).toBe(TOTAL + 2); // header, rows, and the empty string after the last CRLF
  expect(lines[1]).toContain(',RBULK0,');
  expect(lines[TOTAL]).toContain(`,RBULK${TOTAL - 1},`);
  const summary = await downloadCsv(popup, 'sct-export-summary');
  expect(summary.rows.find((row) => row.asin === 'ALL' && row.tag_path === 'Battery')?.total_count).toBe(String(TOTAL));
  // i % 50 and i % 4 share a factor: each ASIN gets two of the four leaves, so Battery plus two rows per ASIN.
  expect(summary.rows.filter((row) => row.asin !== 'ALL')).toHaveLength(50 * 3);
});
