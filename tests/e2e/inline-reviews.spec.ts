import { expect, readDatabase, test } from './extension';
import { chips, tagByClicking, tagWithKeyboard } from './tagging';

const US_REVIEWS = 'https://sellercentral.amazon.com/brand-customer-reviews/';
const card = (page: import('@playwright/test').Page, reviewId: string) =>
  page.locator(`[data-testid="review-${reviewId}"]`);

test.describe('Brand Customer Reviews', () => {
  test('one button per review card, none on skeletons or the page chrome', async ({ context, sellerCentral }) => {
    sellerCentral.serveFixture(US_REVIEWS, 'reviews-us.html');
    const page = await context.newPage();
    await page.goto(US_REVIEWS);
    await expect(page.getByTestId('sct-add-tag')).toHaveCount(5);
    for (const id of ['R3PXA2ZA1TUMCE', 'R2RZ1QH8EPY9NT', 'R33RHW7EY4FF24', 'R1VUZL5TK86QAF', 'RXKJ7XOL5UJZY']) {
      await expect(card(page, id).getByRole('button', { name: 'Add tag', exact: true })).toHaveCount(1);
    }
    // Re-scans (mutations, the safety poll) never add a second button.
    await page.waitForTimeout(2000);
    await expect(page.getByTestId('sct-add-tag')).toHaveCount(5);
  });

  test('tags with a new nested tag, an existing tag and by clicking; chips survive reload; context captured', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    sellerCentral.serveFixture(US_REVIEWS, 'reviews-us.html');
    const page = await context.newPage();
    await page.goto(US_REVIEWS);
    const first = card(page, 'R3PXA2ZA1TUMCE');
    await tagWithKeyboard(page, first, 'Lid > Leaks');
    await expect(chips(first)).toHaveCount(1);
    await expect(chips(first)).toContainText('Leaks');

    // An existing tag found by a few letters, applied to another card.
    const second = card(page, 'R2RZ1QH8EPY9NT');
    await second.getByTestId('sct-add-tag').click();
    await page.getByTestId('sct-tag-input').fill('leak');
    await expect(page.getByTestId('sct-tag-option').first()).toContainText('Lid > Leaks');
    await page.getByTestId('sct-tag-input').press('Enter');
    await expect(chips(second)).toContainText('Leaks');

    // A new root tag created by clicking its create option.
    await tagByClicking(page, second, 'Arrived broken');
    await expect(chips(second)).toHaveCount(2);

    // The same tag again changes nothing.
    await tagWithKeyboard(page, first, 'Lid > Leaks');
    await expect(chips(first)).toHaveCount(1);

    await page.reload();
    await expect(chips(card(page, 'R3PXA2ZA1TUMCE'))).toHaveCount(1);
    await expect(chips(card(page, 'R2RZ1QH8EPY9NT'))).toHaveCount(2);
    await expect(chips(card(page, 'R33RHW7EY4FF24'))).toHaveCount(0);

    const data = await readDatabase(await openExtensionPage('popup.html'));
    expect(data.taggings).toHaveLength(3);
    expect(data.tags.map((tag) => tag.name).sort()).toEqual(['Arrived broken', 'Leaks', 'Lid']);
    const item = data.items.find((candidate) => candidate.reviewId === 'R3PXA2ZA1TUMCE');
    expect(item).toMatchObject({
      source: 'review',
      marketplace: 'US',
      asin: 'B0C5X7Y8Z1',
      rating: 2,
      title: 'Lid leaks after a week',
      pageUrl: US_REVIEWS,
    });
    expect(item.text).toContain('the lid started leaking after a week');
    expect(data.taggings.every((tagging) => tagging.pageUrl === US_REVIEWS)).toBe(true);
  });

  test('the picker works from the keyboard and closes on Escape', async ({ context, sellerCentral }) => {
    sellerCentral.serveFixture(US_REVIEWS, 'reviews-us.html');
    const page = await context.newPage();
    await page.goto(US_REVIEWS);
    const first = card(page, 'R3PXA2ZA1TUMCE');
    await tagWithKeyboard(page, first, 'Alpha');
    await tagWithKeyboard(page, first, 'Beta');
    await first.getByTestId('sct-add-tag').focus();
    await page.keyboard.press('Enter');
    const input = page.getByTestId('sct-tag-input');
    await expect(input).toBeFocused();
    await expect(input).toHaveAttribute('role', 'combobox');
    await expect(page.getByRole('option')).toHaveCount(2);
    await page.keyboard.press('Escape');
    await expect(input).toHaveCount(0);
    await expect(first.getByTestId('sct-add-tag')).toBeFocused();
    // ArrowDown moves the highlight; Enter applies the highlighted option.
    await page.keyboard.press('Enter');
    await input.fill('a');
    const highlighted = page.locator('[data-testid="sct-tag-option"][aria-selected="true"]');
    await expect(highlighted).toContainText('Alpha');
    await page.keyboard.press('ArrowDown');
    await expect(highlighted).toContainText('Beta');
    await page.keyboard.press('Escape');
    await expect(chips(first)).toHaveCount(2);
  });

  test('a chip is removed in one click and comes back with undo', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    sellerCentral.serveFixture(US_REVIEWS, 'reviews-us.html');
    const page = await context.newPage();
    await page.goto(US_REVIEWS);
    const first = card(page, 'R3PXA2ZA1TUMCE');
    await tagWithKeyboard(page, first, 'Scratched');
    await first.getByTestId('sct-remove-tag').click();
    await expect(chips(first)).toHaveCount(0);
    await first.getByTestId('sct-undo').click();
    await expect(chips(first)).toHaveCount(1);
    await first.getByTestId('sct-remove-tag').click();
    await expect(chips(first)).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('sct-add-tag')).toHaveCount(5);
    await expect(chips(card(page, 'R3PXA2ZA1TUMCE'))).toHaveCount(0);
    expect((await readDatabase(await openExtensionPage('popup.html'))).taggings).toHaveLength(0);
  });

  test('selected text inside a review becomes the snippet', async ({ context, sellerCentral, openExtensionPage }) => {
    sellerCentral.serveFixture(US_REVIEWS, 'reviews-us.html');
    const page = await context.newPage();
    await page.goto(US_REVIEWS);
    const body = page.locator('[id="review-content-RXKJ7XOL5UJZY"]');
    await expect(card(page, 'RXKJ7XOL5UJZY').getByTestId('sct-add-tag')).toBeVisible();
    await body.evaluate((element) => {
      const text = element.firstChild as Text;
      const start = (text.textContent ?? '').indexOf('Paint chipped');
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, start + 'Paint chipped'.length);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    });
    await tagWithKeyboard(page, card(page, 'RXKJ7XOL5UJZY'), 'Paint > Chipping');
    await expect(chips(card(page, 'RXKJ7XOL5UJZY'))).toContainText('Paint chipped');
    const data = await readDatabase(await openExtensionPage('popup.html'));
    expect(data.taggings[0].snippet).toEqual({
      exact: 'Paint chipped',
      prefix: 'Works well. ',
      suffix: ' at the bottom after two drops.',
    });
  });

  test('hostile buyer text stays inert text', async ({ context, sellerCentral, openExtensionPage }) => {
    sellerCentral.serveFixture(US_REVIEWS, 'reviews-us.html');
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(US_REVIEWS);
    const hostile = card(page, 'R2RZ1QH8EPY9NT');
    await tagWithKeyboard(page, hostile, '<svg onload=alert(2) &amp; &lt;b');
    await expect(chips(hostile)).toContainText('<svg onload=alert(2) &amp; &lt;b');
    await page.reload();
    await expect(chips(card(page, 'R2RZ1QH8EPY9NT'))).toContainText('<svg onload=alert(2) &amp; &lt;b');
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    const data = await readDatabase(await openExtensionPage('popup.html'));
    expect(data.items[0].text).toContain('<img src=x onerror=alert(1)> <script>window.__pwned=1</script>');
  });

  test('EU unified host: each review keeps its own marketplace; JP host works', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    const eu = sellerCentral.serveFixture(
      'https://sellercentral-europe.amazon.com/brand-customer-reviews/',
      'reviews-eu.html',
    );
    const jp = sellerCentral.serveFixture(
      'https://sellercentral-japan.amazon.com/brand-customer-reviews/',
      'reviews-jp.html',
    );
    const page = await context.newPage();
    await page.goto(eu);
    await expect(page.getByTestId('sct-add-tag')).toHaveCount(4);
    for (const id of ['R2DE4K9X1M3QZP', 'R1UK7Y2B8N4C6V', 'R3FR5T1W9E2R8U'])
      await tagWithKeyboard(page, card(page, id), 'EU problem');
    await page.goto(jp);
    await expect(page.getByTestId('sct-add-tag')).toHaveCount(3);
    await tagWithKeyboard(page, card(page, 'R1JP3X5Z7Q9W2E'), '梱包 > 破損');
    const data = await readDatabase(await openExtensionPage('popup.html'));
    const marketplaces = Object.fromEntries(data.items.map((item) => [item.reviewId, item.marketplace]));
    expect(marketplaces).toEqual({
      R2DE4K9X1M3QZP: 'DE',
      R1UK7Y2B8N4C6V: 'UK',
      R3FR5T1W9E2R8U: 'FR',
      R1JP3X5Z7Q9W2E: 'JP',
    });
  });

  test('recycled card slots: buttons, chips and captured IDs follow the new content', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    const url = sellerCentral.serveFixture(`${US_REVIEWS}?pageNumber=1`, 'reviews-recycled.html');
    sellerCentral.serveFixture(`${US_REVIEWS}?pageNumber=2`, 'reviews-recycled.html');
    const page = await context.newPage();
    await page.goto(url);
    const slot = page.locator('#review-list > *').first();
    await expect(page.getByTestId('sct-add-tag')).toHaveCount(3);
    await expect(slot).toHaveAttribute('data-testid', 'review-R1A2B3C4D5E6F7');
    await tagWithKeyboard(page, slot, 'Page one problem');
    await expect(chips(slot)).toHaveCount(1);

    await page.locator('#next-page').click();
    await expect(slot).toHaveAttribute('data-testid', 'review-R4D5E6F7G8H9J1');
    await expect(chips(slot)).toHaveCount(0);
    await expect(page.getByTestId('sct-add-tag')).toHaveCount(3);
    await page.waitForTimeout(400); // the fixture fills the rest of the card 250 ms later
    await tagWithKeyboard(page, slot, 'Page two problem');
    await expect(chips(slot)).toHaveText([/Page two problem/]);

    await page.locator('#prev-page').click();
    await expect(slot).toHaveAttribute('data-testid', 'review-R1A2B3C4D5E6F7');
    await expect(chips(slot)).toHaveText([/Page one problem/]);

    const data = await readDatabase(await openExtensionPage('popup.html'));
    const byTag = Object.fromEntries(
      data.taggings.map((tagging) => [
        data.tags.find((tag) => tag.id === tagging.tagId).name,
        data.items.find((item) => item.key === tagging.itemKey),
      ]),
    );
    expect(byTag['Page one problem']).toMatchObject({ reviewId: 'R1A2B3C4D5E6F7', rating: 1 });
    expect(byTag['Page two problem']).toMatchObject({ reviewId: 'R4D5E6F7G8H9J1', rating: 5, asin: 'B0D1ASIN03' });
  });

  test('a page of 500 reviews gets 500 buttons, including those far out of view', async ({
    context,
    sellerCentral,
  }) => {
    const url = sellerCentral.serveFixture(`${US_REVIEWS}?pageSize=500`, 'reviews-500.html');
    const page = await context.newPage();
    await page.goto(url);
    await expect(page.getByTestId('sct-add-tag')).toHaveCount(500);
    const last = card(page, 'R70499XQ2ZLMN');
    await tagWithKeyboard(page, last, 'Bulk problem');
    await expect(chips(last)).toHaveCount(1);
  });
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the button is named 添加标签', async ({ context, sellerCentral }) => {
    sellerCentral.serveFixture(US_REVIEWS, 'reviews-us.html');
    const page = await context.newPage();
    await page.goto(US_REVIEWS);
    await expect(page.getByRole('button', { name: '添加标签', exact: true })).toHaveCount(5);
  });
});
