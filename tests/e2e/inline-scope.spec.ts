import { expect, readDatabase, test } from './extension';
import { chips } from './tagging';

const ORDER_PAGE = `<!doctype html><html><body>
  <h1>Order details</h1>
  <div class="order"><p>Order ID: <span>114-3941689-8772232</span></p>
    <p id="note">Buyer wrote: the charger plug does not fit UK sockets. ASIN B0D1ASIN03</p></div>
</body></html>`;

test('nothing is injected on the storefront or on Seller Central pages without items', async ({
  context,
  sellerCentral,
}) => {
  const review = sellerCentral.fixture('reviews-us.html');
  const page = await context.newPage();
  for (const url of [
    'https://www.amazon.com/brand-customer-reviews/',
    'https://www.amazon.co.uk/gp/returns/list/v2',
    'https://sellercentral.amazon.com/home',
    'https://sellercentral.amazon.com/orders-v3/order/114-3941689-8772232',
  ]) {
    sellerCentral.serve(url, review);
    await page.goto(url);
    await expect(page.locator('.reviewContainer[data-testid^="review-R"]')).toHaveCount(5);
    await page.waitForTimeout(1000);
    await expect(page.getByTestId('sct-add-tag')).toHaveCount(0);
  }
});

test('SPA navigation into the reviews page brings the buttons; navigating away removes them', async ({
  context,
  sellerCentral,
}) => {
  const home = sellerCentral.serve('https://sellercentral.amazon.com/home', sellerCentral.fixture('reviews-us.html'));
  const page = await context.newPage();
  await page.goto(home);
  await expect(page.locator('.reviewContainer[data-testid^="review-R"]')).toHaveCount(5);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(0);
  await page.evaluate(() => history.pushState(null, '', '/brand-customer-reviews/?pageNumber=1'));
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(5);
  await page.evaluate(() => history.pushState(null, '', '/home'));
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(0);
});

test('Tag selection anywhere on Seller Central: the keyboard shortcut tags the selected text as "other"', async ({
  context,
  sellerCentral,
  openExtensionPage,
}) => {
  const url = sellerCentral.serve('https://sellercentral.amazon.com/orders-v3/order/114-3941689-8772232', ORDER_PAGE);
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('#note').evaluate((element) => {
    const text = element.firstChild as Text;
    const start = (text.textContent ?? '').indexOf('does not fit');
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, start + 'does not fit UK sockets'.length);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
  });
  // The content script may still be starting: retry the shortcut until the picker opens.
  await expect(async () => {
    await page.keyboard.press('Alt+Shift+T');
    await expect(page.getByTestId('sct-tag-input')).toBeVisible({ timeout: 1000 });
  }).toPass();
  await page.getByTestId('sct-tag-input').fill('Charger > Wrong plug');
  await page.getByTestId('sct-tag-input').press('Enter');
  await expect(page.getByTestId('sct-tag-input')).toHaveCount(0);

  const data = await readDatabase(await openExtensionPage('popup.html'));
  expect(data.taggings).toHaveLength(1);
  expect(data.taggings[0].snippet.exact).toBe('does not fit UK sockets');
  expect(data.items[0]).toMatchObject({
    source: 'other',
    orderId: '114-3941689-8772232',
    asin: 'B0D1ASIN03',
    marketplace: 'US',
  });
});

test('Tag selection inside a recognised item tags that item with the snippet', async ({ context, sellerCentral }) => {
  const url = sellerCentral.serveFixture('https://sellercentral.amazon.com/brand-customer-reviews/', 'reviews-us.html');
  const page = await context.newPage();
  await page.goto(url);
  const card = page.locator('[data-testid="review-R3PXA2ZA1TUMCE"]');
  await expect(card.getByTestId('sct-add-tag')).toBeVisible();
  await card.locator('[id="review-content-R3PXA2ZA1TUMCE"]').evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
  });
  await page.keyboard.press('Alt+Shift+T');
  await page.getByTestId('sct-tag-input').fill('Lid > Leaks');
  await page.getByTestId('sct-tag-input').press('Enter');
  await expect(chips(card)).toContainText('Leaks');
});
