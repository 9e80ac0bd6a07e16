import type { Page } from '@playwright/test';
import { downloadCsv, message, REVIEWS_URL, seed } from './export-helpers';
import { expect, readDatabase, test } from './extension';

const node = (page: Page, path: string) => page.locator(`[data-testid="sct-tree-node"][data-path="${path}"]`);

async function counts(page: Page, path: string): Promise<string> {
  const row = node(page, path);
  return `${await row.getByTestId('sct-node-own').textContent()}/${await row.getByTestId('sct-node-total').textContent()}`;
}

async function rootOrder(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="sct-tree-node"][aria-level="1"]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-path') ?? ''));
}

const review = (id: string) => ({
  source: 'review',
  marketplace: 'US',
  asin: 'B0TREE0001',
  reviewId: id,
  rating: 2,
  pageUrl: REVIEWS_URL,
});

test('create, rename, move, merge and delete in the tree; the popup and both CSVs agree', async ({
  openExtensionPage,
}) => {
  const options = await openExtensionPage('options.html');
  await expect(options.getByText('No tags yet')).toBeVisible();

  // Create: roots, a child and a sibling.
  for (const name of ['Battery', 'Charger', 'Power']) {
    await options.getByTestId('sct-new-tag-input').fill(name);
    await options.getByTestId('sct-new-tag-input').press('Enter');
    await expect(node(options, name)).toBeVisible();
  }
  await node(options, 'Battery').click();
  await options.getByTestId('sct-add-child').click();
  await options.getByTestId('sct-new-child-input').fill('Dead');
  await options.getByTestId('sct-new-child-input').press('Enter');
  await expect(node(options, 'Battery > Dead')).toBeVisible();
  await options.getByTestId('sct-add-sibling').click();
  await options.getByTestId('sct-new-child-input').fill('Swolen');
  await options.getByTestId('sct-new-child-input').press('Enter');
  await expect(node(options, 'Battery > Swolen')).toBeVisible();

  // Rename inline.
  await node(options, 'Battery > Swolen').dblclick();
  await options.getByTestId('sct-rename-input').fill('Swollen');
  await options.getByTestId('sct-rename-input').press('Enter');
  await expect(node(options, 'Battery > Swollen')).toBeVisible();
  await expect(node(options, 'Battery > Swolen')).toHaveCount(0);

  await seed(options, [
    { item: review('R1'), tagPath: 'Battery > Dead' },
    { item: review('R2'), tagPath: 'Battery > Dead' },
    { item: review('R3'), tagPath: 'Battery > Swollen' },
    { item: review('R4'), tagPath: 'Charger' },
    { item: review('R5'), tagPath: 'Power' },
  ]);
  await expect.poll(() => counts(options, 'Battery')).toBe('0/3');
  expect(await counts(options, 'Battery > Dead')).toBe('2/2');

  // Move with the buttons and the keyboard.
  await node(options, 'Charger').click();
  await options.getByTestId('sct-indent').click();
  await expect(node(options, 'Battery > Charger')).toBeVisible();
  await expect.poll(() => counts(options, 'Battery')).toBe('0/4');
  await node(options, 'Battery > Charger').click();
  await options.keyboard.press('Alt+ArrowLeft');
  await expect(node(options, 'Charger')).toBeVisible();
  expect(await rootOrder(options)).toEqual(['Battery', 'Charger', 'Power']);
  await expect(node(options, 'Charger')).toBeFocused();
  await options.keyboard.press('Alt+ArrowDown');
  await expect.poll(() => rootOrder(options)).toEqual(['Battery', 'Power', 'Charger']);
  await options.getByTestId('sct-move-up').click();
  await expect.poll(() => rootOrder(options)).toEqual(['Battery', 'Charger', 'Power']);

  // Drag and drop onto another tag nests it.
  await node(options, 'Power').dragTo(node(options, 'Battery > Dead'));
  await expect(node(options, 'Battery > Dead > Power')).toBeVisible();
  await expect.poll(() => counts(options, 'Battery')).toBe('0/4');
  expect(await counts(options, 'Battery > Dead')).toBe('2/3');

  // Merge with a preview, undo it, merge again.
  await node(options, 'Battery > Swollen').click();
  await options.getByTestId('sct-merge').click();
  await options.getByTestId('sct-merge-target').selectOption({ label: 'Battery > Dead' });
  await expect(options.getByTestId('sct-merge-count')).toHaveText('1');
  await options.getByTestId('sct-merge-confirm').click();
  await expect(node(options, 'Battery > Swollen')).toHaveCount(0);
  await expect.poll(() => counts(options, 'Battery > Dead')).toBe('3/4');
  await options.getByTestId('sct-undo').getByRole('button', { name: 'Undo' }).click();
  await expect(node(options, 'Battery > Swollen')).toBeVisible();
  await expect.poll(() => counts(options, 'Battery > Dead')).toBe('2/3');
  expect(await counts(options, 'Battery > Swollen')).toBe('1/1');
  await node(options, 'Battery > Swollen').click();
  await options.getByTestId('sct-merge').click();
  await options.getByTestId('sct-merge-target').selectOption({ label: 'Battery > Dead' });
  await expect(options.getByTestId('sct-merge-count')).toHaveText('1');
  await options.getByTestId('sct-merge-confirm').click();
  await expect.poll(() => counts(options, 'Battery > Dead')).toBe('3/4');

  // Delete a tagged tag: its taggings go where the user says.
  await node(options, 'Charger').click();
  await options.getByTestId('sct-delete').click();
  await expect(options.getByTestId('sct-delete-confirm')).toBeDisabled();
  await options.getByTestId('sct-delete-target').selectOption({ label: 'Battery' });
  await options.getByTestId('sct-delete-confirm').click();
  await expect(node(options, 'Charger')).toHaveCount(0);
  await expect.poll(() => counts(options, 'Battery')).toBe('1/5');
  expect(await counts(options, 'Battery > Dead')).toBe('3/4');
  expect(await counts(options, 'Battery > Dead > Power')).toBe('1/1');
  const data = await readDatabase(options);
  expect(data.tags.map((tag: any) => tag.name).sort()).toEqual(['Battery', 'Dead', 'Power']);
  expect(data.taggings).toHaveLength(5);

  // The popup, the tree and both CSVs agree.
  const popup = await openExtensionPage('popup.html');
  await popup.getByTestId('sct-period-select').selectOption('all');
  await expect(popup.getByTestId('sct-period-taggings')).toHaveText('5');
  await expect(popup.getByTestId('sct-week-taggings')).toHaveText('5');
  const top = popup.getByTestId('sct-top-problem');
  await expect(top).toHaveCount(1);
  await expect(top.getByTestId('sct-top-count')).toHaveText('5');
  await expect(top.getByTestId('sct-top-child')).toHaveText([/Dead\s*4/]);

  const detail = await downloadCsv(popup, 'sct-export-detail');
  const paths = detail.rows.map((row) => row.tag_path).sort();
  expect(paths).toEqual(['Battery', 'Battery > Dead', 'Battery > Dead', 'Battery > Dead', 'Battery > Dead > Power']);
  expect(detail.rows.find((row) => row.review_id === 'R5')).toMatchObject({
    tag: 'Power',
    tag_path: 'Battery > Dead > Power',
    top_tag: 'Battery',
  });
  expect(detail.rows.find((row) => row.review_id === 'R3')?.tag_path).toBe('Battery > Dead');
  expect(detail.rows.find((row) => row.review_id === 'R4')?.tag_path).toBe('Battery');

  const summary = await downloadCsv(popup, 'sct-export-summary');
  const all = summary.rows.filter((row) => row.asin === 'ALL');
  expect(all.map((row) => [row.tag_path, row.level, row.own_count, row.total_count])).toEqual([
    ['Battery', '1', '1', '5'],
    ['Battery > Dead', '2', '3', '4'],
    ['Battery > Dead > Power', '3', '1', '1'],
  ]);
  for (const row of all) expect(await counts(options, row.tag_path)).toBe(`${row.own_count}/${row.total_count}`);
  expect(summary.rows.filter((row) => row.asin === 'B0TREE0001')).toHaveLength(3);
});

test('delete moving taggings to the parent, then undo, gives back the same database', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await seed(options, [
    { item: review('R1'), tagPath: 'Screen > Cracked > Corner' },
    { item: review('R2'), tagPath: 'Screen > Cracked' },
    { item: review('R2'), tagPath: 'Screen' },
  ]);
  await expect(node(options, 'Screen > Cracked > Corner')).toBeVisible();
  const before = await readDatabase(options);
  await node(options, 'Screen > Cracked').click();
  await options.keyboard.press('Delete');
  await expect(options.getByTestId('sct-delete-dialog')).toBeVisible();
  await expect(options.getByTestId('sct-delete-to-parent')).toBeChecked();
  await options.getByTestId('sct-delete-confirm').click();
  await expect(node(options, 'Screen > Corner')).toBeVisible();
  // R2 was on both Screen and Cracked: the two collapse into one.
  await expect.poll(() => counts(options, 'Screen')).toBe('1/2');
  await options.getByTestId('sct-undo').getByRole('button', { name: 'Undo' }).click();
  await expect(node(options, 'Screen > Cracked > Corner')).toBeVisible();
  await expect.poll(() => counts(options, 'Screen')).toBe('1/3');
  const after = await readDatabase(options);
  const byId = (rows: any[]) => [...rows].sort((a, b) => String(a.id ?? a.key).localeCompare(String(b.id ?? b.key)));
  expect(byId(after.tags)).toEqual(byId(before.tags));
  expect(byId(after.taggings)).toEqual(byId(before.taggings));

  // Escape cancels a dialog without changes; an untagged tag is deleted after a plain confirmation.
  await node(options, 'Screen > Cracked > Corner').click();
  await options.getByTestId('sct-merge').click();
  await options.keyboard.press('Escape');
  await expect(options.getByTestId('sct-merge-dialog')).toHaveCount(0);
  await options.getByTestId('sct-new-tag-input').fill('Unused');
  await options.getByTestId('sct-new-tag-input').press('Enter');
  await node(options, 'Unused').click();
  await options.getByTestId('sct-delete').click();
  await expect(options.getByTestId('sct-delete-dialog')).toContainText('not used');
  await options.getByTestId('sct-delete-confirm').click();
  await expect(node(options, 'Unused')).toHaveCount(0);
});

test('search, archive, colour, note, keyboard navigation and error messages', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await seed(options, [
    { item: review('R1'), tagPath: '配件缺失 > 螺丝包缺失' },
    { item: review('R2'), tagPath: 'Packaging > Box crushed' },
  ]);
  await expect(node(options, '配件缺失 > 螺丝包缺失')).toBeVisible();

  // Search by text and by pinyin initials keeps the ancestors of matches.
  await options.getByTestId('sct-tree-search').fill('crushed');
  await expect(options.getByTestId('sct-tree-node')).toHaveCount(2);
  await options.getByTestId('sct-tree-search').fill('lsb');
  await expect(options.getByTestId('sct-tree-node')).toHaveCount(2);
  await expect(node(options, '配件缺失 > 螺丝包缺失')).toBeVisible();
  await options.getByTestId('sct-tree-search').fill('nothing like this');
  await expect(options.getByText('No tag matches')).toBeVisible();
  await options.getByTestId('sct-tree-search').fill('');

  // Archive and unarchive.
  await node(options, 'Packaging').click();
  await options.getByTestId('sct-archive').click();
  await expect(node(options, 'Packaging')).toContainText('archived');
  await expect(options.getByTestId('sct-archive')).toHaveText('Unarchive');
  await options.getByTestId('sct-archive').click();
  await expect(node(options, 'Packaging')).not.toContainText('archived');

  // Colour and note.
  await options.getByTestId('sct-tag-color').fill('#e0457b');
  await options.getByTestId('sct-tag-note').fill('Crushed in transit: talk to the 3PL');
  await options.getByTestId('sct-save-note').click();
  await expect
    .poll(async () => (await readDatabase(options)).tags.find((tag: any) => tag.name === 'Packaging'))
    .toMatchObject({
      color: '#e0457b',
      note: 'Crushed in transit: talk to the 3PL',
    });

  // Keyboard: arrows move the selection, F2 renames, Escape cancels.
  await node(options, 'Packaging').focus();
  await options.keyboard.press('ArrowDown');
  await expect(node(options, 'Packaging > Box crushed')).toBeFocused();
  await options.keyboard.press('ArrowLeft');
  await expect(node(options, 'Packaging')).toBeFocused();
  await options.keyboard.press('F2');
  await options.keyboard.type('Box');
  await options.keyboard.press('Escape');
  await expect(node(options, 'Packaging')).toBeVisible();

  // A duplicate sibling name is refused with a message.
  await node(options, 'Packaging > Box crushed').click();
  await options.getByTestId('sct-add-sibling').click();
  await options.getByTestId('sct-new-child-input').fill('Box Crushed');
  await options.getByTestId('sct-new-child-input').press('Enter');
  await expect(options.getByTestId('sct-tree-status')).toContainText('“Box crushed” already exists');
  await node(options, 'Packaging > Box crushed').dblclick();
  await options.getByTestId('sct-rename-input').fill('Box crushed > x');
  await options.getByTestId('sct-rename-input').press('Enter');
  await expect(options.getByTestId('sct-tree-error')).toContainText('“>”');
  expect((await message<any[]>(options, 'tags.list', {})).length).toBe(4);
});
