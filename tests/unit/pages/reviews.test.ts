// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { itemKeyOf } from '@/lib/itemKey';
import { reviewsAdapter } from '@/lib/pages';
import { blankPage, contexts, type LoadedPage, loadFixture, sleep } from './fixture';

let page: LoadedPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

describe('reviews adapter on reviews-us.html', () => {
  it('finds the five rendered cards (not the skeletons) and captures every field', async () => {
    page = await loadFixture('reviews-us.html', 'https://sellercentral.amazon.com/brand-customer-reviews/');
    const items = reviewsAdapter.findItems(page.document);
    expect(items).toHaveLength(5);
    expect(items.every((item) => item.classList.contains('reviewContainer'))).toBe(true);
    const all = contexts(reviewsAdapter, page);
    expect(all.map((c) => c.reviewId)).toEqual([
      'R3PXA2ZA1TUMCE',
      'R2RZ1QH8EPY9NT',
      'R33RHW7EY4FF24',
      'R1VUZL5TK86QAF',
      'RXKJ7XOL5UJZY',
    ]);
    expect(all[0]).toMatchObject({
      source: 'review',
      marketplace: 'US',
      asin: 'B0C5X7Y8Z1',
      rating: 2,
      title: 'Lid leaks after a week',
      text: 'The bottle keeps drinks cold, but the lid started leaking after a week. Water all over my bag.',
      buyer: 'Jordan P.',
      itemDate: 'March 4, 2026',
      pageUrl: 'https://sellercentral.amazon.com/brand-customer-reviews/',
    });
    // The review's own stars, never the product aggregate (4.3 / 4.8 / 3.9) shown beside it.
    expect(all.map((c) => c.rating)).toEqual([2, 1, 5, 3, 4]);
    // Child ASIN (not the parent), a plain "ASIN" row, and a book's ISBN-10 ASIN from its /dp/ link.
    expect(all.map((c) => c.asin)).toEqual(['B0C5X7Y8Z1', 'B0C5X7Y8Z2', 'B0D1ASIN03', '1697176372', 'B0C5X7Y8Z3']);
    expect(all[2]).toMatchObject({
      buyer: '王小明',
      title: '充电很快',
      text: '质量很好，但是包装有点破损。Charges my laptop fast.',
    });
  });

  it('captures hostile buyer text as plain text and never runs it', async () => {
    page = await loadFixture('reviews-us.html', 'https://sellercentral.amazon.com/brand-customer-reviews/');
    const [, hostile] = contexts(reviewsAdapter, page);
    expect(hostile.text).toBe(
      'Broke immediately. <img src=x onerror=alert(1)> <script>window.__pwned=1</script> Do not buy & avoid "this".',
    );
    expect(hostile.title).toBe('Broke on day 2 <b>seriously</b>');
    expect(hostile.buyer).toBe('Mallory <i>X</i>');
    expect((page.window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('never reads the extension UI back as item text', async () => {
    page = await loadFixture('reviews-us.html', 'https://sellercentral.amazon.com/brand-customer-reviews/');
    const [card] = reviewsAdapter.findItems(page.document);
    const bar = page.document.createElement('sct-item-bar');
    bar.setAttribute('data-sct-ui', '');
    bar.attachShadow({ mode: 'open' }).innerHTML =
      '<button data-testid="sct-add-tag">Add tag</button><span data-testid="sct-tag-chip">R9ZZZZZZZZZZZ9 B0ZZZZZZZ9 5 out of 5 stars</span>';
    (reviewsAdapter.mountPoint?.(card) ?? card).appendChild(bar);
    const context = reviewsAdapter.extract(card, page.url());
    expect(JSON.stringify(context)).not.toMatch(/Add tag|R9ZZZ|B0ZZZ/);
    expect(context.rating).toBe(2);
    expect(reviewsAdapter.findItems(page.document)).toHaveLength(5);
  });
});

describe('reviews adapter on other fixtures', () => {
  it('reviews-eu.html: marketplace from the review link host', async () => {
    page = await loadFixture('reviews-eu.html', 'https://sellercentral-europe.amazon.com/brand-customer-reviews/');
    const all = contexts(reviewsAdapter, page);
    expect(all.map((c) => [c.reviewId, c.marketplace, c.rating])).toEqual([
      ['R2DE4K9X1M3QZP', 'DE', 1],
      ['R1UK7Y2B8N4C6V', 'UK', 2],
      ['R3FR5T1W9E2R8U', 'FR', 3],
      ['R1IT6Q3Z7X4V2B', 'IT', 4],
    ]);
    expect(all[0]).toMatchObject({ buyer: 'Lukas M.', itemDate: '12 March 2026', asin: 'B0DEKETTLE' });
  });

  it('reviews-jp.html: Japanese labels, bylines and dates', async () => {
    page = await loadFixture('reviews-jp.html', 'https://sellercentral-japan.amazon.com/brand-customer-reviews/');
    const all = contexts(reviewsAdapter, page);
    expect(all).toHaveLength(3);
    expect(all[0]).toMatchObject({
      reviewId: 'R2JP8M4N6B1V3C',
      marketplace: 'JP',
      asin: 'B0JPBOTTLE',
      rating: 1,
      title: '蓋から水漏れ',
      buyer: '山田太郎',
      itemDate: '2026年3月4日',
    });
    expect(all.map((c) => c.asin)).toEqual(['B0JPBOTTLE', 'B0JPBOTTL2', 'B0JPCHARGE']);
  });

  it('reviews-recycled.html: a recycled card slot gets the new identity', async () => {
    page = await loadFixture(
      'reviews-recycled.html',
      'https://sellercentral.amazon.com/brand-customer-reviews/?pageSize=3&pageNumber=1',
    );
    const before = reviewsAdapter.findItems(page.document);
    const first = before.map((item) => reviewsAdapter.extract(item, page!.url()));
    expect(first.map((c) => [c.reviewId, c.rating])).toEqual([
      ['R1A2B3C4D5E6F7', 1],
      ['R2B3C4D5E6F7G8', 2],
      ['R3C4D5E6F7G8H9', 3],
    ]);
    (page.document.getElementById('next-page') as HTMLElement).click();
    await sleep(400);
    const after = reviewsAdapter.findItems(page.document);
    expect(after).toEqual(before); // the same elements…
    const second = after.map((item) => reviewsAdapter.extract(item, page!.url()));
    expect(second.map((c) => [c.reviewId, c.rating, c.asin, c.text])).toEqual([
      ['R4D5E6F7G8H9J1', 5, 'B0D1ASIN03', 'Page 2 review 1: charges fast.'],
      ['R5E6F7G8H9J1K2', 4, 'B0D1ASIN04', 'Page 2 review 2: gets warm.'],
      ['R6F7G8H9J1K2L3', 1, 'B0E9LAMP42', 'Page 2 review 3: flickers.'],
    ]);
    expect(second.map(itemKeyOf)).not.toEqual(first.map(itemKeyOf)); // …new identities
    (page.document.getElementById('prev-page') as HTMLElement).click();
    await sleep(400);
    expect(after.map((item) => reviewsAdapter.extract(item, page!.url()).reviewId)).toEqual([
      'R1A2B3C4D5E6F7',
      'R2B3C4D5E6F7G8',
      'R3C4D5E6F7G8H9',
    ]);
  });

  it('reviews-500.html: 500 cards with their own stars', async () => {
    page = await loadFixture(
      'reviews-500.html',
      'https://sellercentral.amazon.com/brand-customer-reviews/?pageSize=500',
    );
    const items = reviewsAdapter.findItems(page.document);
    expect(items).toHaveLength(500);
    const last = reviewsAdapter.extract(items[499], page.url());
    expect(last).toMatchObject({ reviewId: 'R70499XQ2ZLMN', rating: 5, asin: 'B0BULK0049' });
  }, 30_000);
});

describe('reviews adapter under drift', () => {
  it('recognises cards without the known classes/test ids, inside an open shadow root', () => {
    page = blankPage('https://sellercentral.amazon.co.uk/brand-customer-reviews/');
    const host = page.document.createElement('div');
    host.className = 'css-zz91';
    page.document.body.appendChild(host);
    const root = host.attachShadow({ mode: 'open' });
    const card = (id: string, stars: number, tld: string) => `
      <article class="css-a1"><section class="css-p9"><span class="css-l">Parent ASIN: B0PARENT01</span>
        <span class="css-l">Child ASIN: B0CHILD${stars}00</span><kat-star-rating value="4.5" review="88"></kat-star-rating></section>
        <div class="css-b2"><kat-star-rating value="${stars}"></kat-star-rating><h4 class="css-t">Title ${id}</h4>
        <span class="css-q">Review by Pat on 3 March 2026</span><div class="css-body">Body text of ${id}, long enough to be the body.</div>
        <a class="css-link" href="https://www.amazon.${tld}/gp/customer-reviews/${id}?ref=x">Open</a></div></article>`;
    root.innerHTML = `<div class="css-list">${card('R1DRIFT0000001', 2, 'co.uk')}${card('R2DRIFT0000002', 3, 'de')}</div>`;
    const all = contexts(reviewsAdapter, page);
    expect(all.map((c) => [c.reviewId, c.rating, c.asin, c.marketplace, c.buyer])).toEqual([
      ['R1DRIFT0000001', 2, 'B0CHILD200', 'UK', 'Pat'],
      ['R2DRIFT0000002', 3, 'B0CHILD300', 'DE', 'Pat'],
    ]);
    const items = reviewsAdapter.findItems(page.document);
    expect(items.every((item) => item.localName === 'article')).toBe(true);
  });
});

describe('reviews adapter keyOf (the cheap identity the content script follows items by)', () => {
  const pages: Array<[string, string]> = [
    ['reviews-us.html', 'https://sellercentral.amazon.com/brand-customer-reviews/'],
    ['reviews-eu.html', 'https://sellercentral-europe.amazon.com/brand-customer-reviews/'],
    ['reviews-jp.html', 'https://sellercentral.amazon.co.jp/brand-customer-reviews/'],
    ['reviews-recycled.html', 'https://sellercentral.amazon.com/brand-customer-reviews/?pageSize=3&pageNumber=1'],
  ];
  for (const [fixture, url] of pages) {
    it(`${fixture}: equals the key of the full extract whenever it gives one`, async () => {
      page = await loadFixture(fixture, url);
      const items = reviewsAdapter.findItems(page.document);
      expect(items.length).toBeGreaterThan(0);
      let given = 0;
      for (const item of items) {
        const key = reviewsAdapter.keyOf?.(item, page.url());
        if (key === undefined) continue;
        given++;
        expect(key).toBe(itemKeyOf(reviewsAdapter.extract(item, page.url())));
      }
      expect(given).toBeGreaterThan(0);
    });
  }

  it('follows a recycled card to its new content', async () => {
    page = await loadFixture(
      'reviews-recycled.html',
      'https://sellercentral.amazon.com/brand-customer-reviews/?pageSize=3&pageNumber=1',
    );
    const items = reviewsAdapter.findItems(page.document);
    const before = items.map((item) => reviewsAdapter.keyOf?.(item, page!.url()));
    (page.document.getElementById('next-page') as HTMLElement).click();
    await sleep(400);
    const after = items.map((item) => reviewsAdapter.keyOf?.(item, page!.url()));
    expect(after).toEqual(items.map((item) => itemKeyOf(reviewsAdapter.extract(item, page!.url()))));
    expect(after).not.toEqual(before);
  });

  it('leaves cards without a review link to the full extract', () => {
    const doc = new DOMParser().parseFromString(
      '<div class="reviewContainer" data-testid="review-R3PXA2ZA1TUMCE"><p>no link</p></div>',
      'text/html',
    );
    const card = doc.querySelector('.reviewContainer') as Element;
    expect(reviewsAdapter.keyOf?.(card, new URL('https://sellercentral.amazon.com/brand-customer-reviews/'))).toBe(
      undefined,
    );
  });
});
