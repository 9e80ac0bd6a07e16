/**
 * Hostile buyer text on Seller Central pages, and hostile tag names and notes typed into the picker: nothing
 * executes (no dialog, no page global set, no request to the attacker's host) and every string reaches the
 * database exactly as the page shows it (whitespace runs collapsed, see asCaptured).
 */
import type { Locator, Page } from '@playwright/test';
import { asCaptured, HOSTILE_NOTES, HOSTILE_PAYLOADS, HOSTILE_TAG_NAMES } from '../hostile/corpus';
import { expect, readDatabase, test } from './extension';
import {
  type Canaries,
  fixtureWithData,
  hostileConversation,
  hostileReturns,
  hostileReviews,
  MESSAGES_CC,
  pwnedGlobals,
  reviewIdOf,
  watchCanaries,
} from './hostile';
import { chips, tagWithKeyboard } from './tagging';

const REVIEWS_URL = 'https://sellercentral.amazon.com/brand-customer-reviews/';
const RETURNS_URL =
  'https://sellercentral.amazon.com/gp/returns/list/v2?searchBy=ORDER_ID&orderBy=CreatedDateDesc&selectedDateRange=90';
const MESSAGES_URL = `https://sellercentral.amazon.com/messaging/inbox-v3?fi=responseNeeded&cc=${MESSAGES_CC}`;
const TEXTS = HOSTILE_PAYLOADS.map((payload) => payload.text);

async function expectNothingRan(canaries: Canaries, pages: Page[]): Promise<void> {
  // Give late loads (images, iframes, styles) a moment to fire.
  await pages[0].waitForTimeout(500);
  expect(canaries.dialogs).toEqual([]);
  expect(canaries.attackerRequests).toEqual([]);
  for (const page of pages) expect(await pwnedGlobals(page)).toEqual([]);
}

/** Exact equality, reported by length and first difference (a 100 KB diff helps nobody). */
function expectSame(actual: string | undefined, expected: string, what: string): void {
  if (actual === expected) return;
  let at = 0;
  while (actual && at < Math.min(actual.length, expected.length) && actual[at] === expected[at]) at++;
  expect
    .soft(
      actual === expected,
      `${what}: got ${actual?.length} chars, expected ${expected.length}; first difference at ${at}: ${JSON.stringify(actual?.slice(at, at + 40))} vs ${JSON.stringify(expected.slice(at, at + 40))}`,
    )
    .toBe(true);
}

const reviewCard = (page: Page, i: number): Locator => page.locator(`[data-testid="review-${reviewIdOf(i)}"]`);

test.describe('hostile buyer text', () => {
  test.setTimeout(180_000);

  test('reviews: hostile titles and bodies are captured exactly, as text, and snippets of them too', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    const canaries = watchCanaries(context);
    sellerCentral.serve(REVIEWS_URL, fixtureWithData('reviews-us.html', 'REVIEWS', hostileReviews(TEXTS)));
    const page = await context.newPage();
    await page.goto(REVIEWS_URL);
    await expect(page.getByTestId('sct-add-tag')).toHaveCount(TEXTS.length);
    for (const i of TEXTS.keys()) await tagWithKeyboard(page, reviewCard(page, i), 'Hostile review');

    // Snippets: the selected hostile text goes into the picker, the chip and the database as text.
    const snippetCards = ['script tag', 'img onerror', 'svg onload', 'rtl override', 'emoji'].map((name) =>
      HOSTILE_PAYLOADS.findIndex((payload) => payload.name === name),
    );
    for (const i of snippetCards) {
      await page.evaluate((id) => {
        const body = document.getElementById(`review-content-${id}`) as HTMLElement;
        const range = document.createRange();
        range.selectNodeContents(body);
        document.getSelection()?.removeAllRanges();
        document.getSelection()?.addRange(range);
      }, reviewIdOf(i));
      await reviewCard(page, i).getByTestId('sct-add-tag').click();
      await page.getByTestId('sct-tag-input').fill('Quoted');
      await page.getByTestId('sct-tag-input').press('Enter');
      await expect(page.getByTestId('sct-tag-input')).toHaveCount(0);
      await expect(chips(reviewCard(page, i))).toHaveCount(2);
    }
    await page.reload();
    await expect(chips(reviewCard(page, snippetCards[0]))).toHaveCount(2);

    const extensionPage = await openExtensionPage('options.html');
    const popup = await openExtensionPage('popup.html');
    await expectNothingRan(canaries, [page, extensionPage, popup]);

    const data = await readDatabase(extensionPage);
    expect(data.items).toHaveLength(TEXTS.length);
    for (const [i, text] of TEXTS.entries()) {
      const item = data.items.find((candidate) => candidate.reviewId === reviewIdOf(i));
      expectSame(item?.text, asCaptured(text), `review text: ${HOSTILE_PAYLOADS[i].name}`);
      if (text.length <= 2_000) expectSame(item?.title, asCaptured(text), `review title: ${HOSTILE_PAYLOADS[i].name}`);
    }
    for (const i of snippetCards) {
      const key = data.items.find((item) => item.reviewId === reviewIdOf(i))?.key;
      const snippet = data.taggings.find((tagging) => tagging.itemKey === key && tagging.snippetText);
      expect(snippet?.snippetText, HOSTILE_PAYLOADS[i].name).toBe(asCaptured(TEXTS[i]));
      expect(snippet?.snippet.exact).toBe(asCaptured(TEXTS[i]));
    }
    expect(data.taggings).toHaveLength(TEXTS.length + snippetCards.length);
  });

  test('returns and messages: hostile buyer comments and messages are captured exactly, as text', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    const canaries = watchCanaries(context);
    sellerCentral.serve(RETURNS_URL, fixtureWithData('returns-v2.html', 'RETURNS', hostileReturns(TEXTS)));
    const buyer = `<img src=x onerror=window.__pwned=1> 😡 李雷`;
    const subject = '<script>window.__pwned=1</script> 充电器问题';
    sellerCentral.serve(
      MESSAGES_URL,
      fixtureWithData('messages-inbox.html', 'CONVERSATIONS', hostileConversation(TEXTS, buyer, subject)),
    );

    const returns = await context.newPage();
    await returns.goto(RETURNS_URL);
    const rows = returns.locator('kat-table-row.manage-returns-table-row');
    await expect(returns.getByTestId('sct-add-tag')).toHaveCount(TEXTS.length);
    for (const i of TEXTS.keys()) await tagWithKeyboard(returns, rows.nth(i), 'Hostile return');

    const messages = await context.newPage();
    await messages.goto(MESSAGES_URL);
    await expect(messages.getByTestId('sct-add-tag')).toHaveCount(1);
    await tagWithKeyboard(messages, messages.locator('sc-msg-detail'), 'Hostile message');

    const extensionPage = await openExtensionPage('options.html');
    await expectNothingRan(canaries, [returns, messages, extensionPage]);

    const data = await readDatabase(extensionPage);
    for (const [i, text] of TEXTS.entries()) {
      const item = data.items.find((candidate) => candidate.source === 'return' && candidate.sku === `SKU-${i}`);
      expectSame(item?.buyerComment, asCaptured(text), `return comment: ${HOSTILE_PAYLOADS[i].name}`);
    }
    const message = data.items.find((item) => item.source === 'message');
    expectSame(message?.text, asCaptured(TEXTS.join(' ')), 'message text');
    expect(message?.buyer).toBe(buyer);
    expect(data.taggings).toHaveLength(TEXTS.length + 1);
  });

  test('hostile tag names and notes typed into the picker are stored exactly and shown as text', async ({
    context,
    sellerCentral,
    openExtensionPage,
  }) => {
    const canaries = watchCanaries(context);
    sellerCentral.serve(REVIEWS_URL, fixtureWithData('reviews-us.html', 'REVIEWS', hostileReviews(TEXTS)));
    const page = await context.newPage();
    await page.goto(REVIEWS_URL);
    await expect(page.getByTestId('sct-add-tag')).toHaveCount(TEXTS.length);

    const created = new Set<string>();
    const expected: { card: number; name: string; note: string }[] = [];
    for (const [k, note] of HOSTILE_NOTES.entries()) {
      const name = HOSTILE_TAG_NAMES[k % HOSTILE_TAG_NAMES.length];
      await reviewCard(page, k).getByTestId('sct-add-tag').click();
      const input = page.getByTestId('sct-tag-input');
      await input.fill(name);
      await page.getByTestId('sct-tag-note').fill(note);
      const option = created.has(name)
        ? page.locator('[data-testid="sct-tag-option"]:not(.create)').filter({ hasText: name }).first()
        : page.locator('[data-testid="sct-tag-option"].create');
      await expect(option).toContainText(name);
      await option.click();
      await expect(input).toHaveCount(0);
      await expect(chips(reviewCard(page, k))).toContainText(name);
      created.add(name);
      expected.push({ card: k, name, note });
    }
    await page.reload();
    await expect(chips(reviewCard(page, 0))).toContainText(HOSTILE_TAG_NAMES[0]);

    const options = await openExtensionPage('options.html');
    await expect(options.getByText(HOSTILE_TAG_NAMES[1], { exact: true }).first()).toBeVisible();
    const popup = await openExtensionPage('popup.html');
    await expectNothingRan(canaries, [page, options, popup]);

    const data = await readDatabase(options);
    expect(data.tags.map((tag) => tag.name).sort()).toEqual([...HOSTILE_TAG_NAMES].sort());
    expect(data.tags.every((tag) => tag.parentId === null)).toBe(true);
    expect(data.taggings).toHaveLength(expected.length);
    for (const { card, name, note } of expected) {
      const key = data.items.find((item) => item.reviewId === reviewIdOf(card))?.key;
      const tagging = data.taggings.find((candidate) => candidate.itemKey === key);
      expect(tagging?.note).toBe(note);
      expect(data.tags.find((tag) => tag.id === tagging?.tagId)?.name).toBe(name);
    }
  });
});
