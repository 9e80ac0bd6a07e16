// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { vocAdapter } from '@/lib/pages';
import { blankPage, contexts, type LoadedPage, loadFixture } from './fixture';

let page: LoadedPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

describe('voc adapter on voc-list.html', () => {
  it('one item per offer row with asin, sku, product name, rating and top NCX reason', async () => {
    page = await loadFixture('voc-list.html', 'https://sellercentral.amazon.com/voice-of-the-customer/');
    const all = contexts(vocAdapter, page);
    expect(all.map((c) => [c.asin, c.sku, c.rating, c.returnReason, c.returnReasonCode])).toEqual([
      ['B0C5X7Y8Z1', 'WB-750-BLK', 4, 'Defective', 'DEFECTIVE'],
      ['B0C5X7Y8Z2', 'WB-750-RED', 4, 'Not as described', 'NOT_AS_DESCRIBED'],
      ['B0D1ASIN03', 'CHG-65W-EU', 5, 'Missing parts', 'MISSING_PARTS'],
      ['B0E9LAMP42', 'LAMP-LED-01', 3, 'Too small', 'APPAREL_TOO_SMALL'],
    ]);
    expect(all.map((c) => c.title)).toEqual([
      'Stainless Steel Water Bottle 750 ml, Black',
      'Stainless Steel Water Bottle 750 ml, Red',
      '65W USB-C Charger <b>EU</b>',
      'LED 台灯 护眼 (desk lamp)',
    ]);
    expect(all[0]).toMatchObject({ source: 'voc', marketplace: 'US' });
    const [row] = vocAdapter.findItems(page.document);
    expect(vocAdapter.mountPoint?.(row).localName).toBe('kat-table-cell');
  });
});

describe('voc adapter on voc-details.html', () => {
  it('each customer comment row is an item; the metrics table is not', async () => {
    page = await loadFixture(
      'voc-details.html',
      'https://sellercentral.amazon.com/voice-of-the-customer/details?asin=B0C5X7Y8Z1&sku=WB-750-BLK',
    );
    const all = contexts(vocAdapter, page);
    expect(all).toHaveLength(3);
    expect(all.every((c) => c.asin === 'B0C5X7Y8Z1' && c.sku === 'WB-750-BLK')).toBe(true);
    expect(all.every((c) => c.title === 'Stainless Steel Water Bottle 750 ml, Black')).toBe(true);
    expect(all.map((c) => [c.returnReason, c.buyerComment, c.orderId, c.rating, c.itemDate])).toEqual([
      ['Defective', 'Leaks from the lid seal after two days.', '111-1111111-2222222', undefined, '11/02/2026'],
      ['Not as described', 'Not insulated at all, drink is warm after an hour.', undefined, 1, '10/29/2026'],
      [
        'Missing parts',
        'No straw included 没有吸管 <script>window.__pwned=1</script>',
        '112-3333333-4444444',
        undefined,
        '10/21/2026',
      ],
    ]);
  });

  it('falls back to the product block when no comment rows are shown', () => {
    page = blankPage('https://sellercentral.amazon.com/voice-of-the-customer/details?asin=B0C5X7Y8Z1&sku=WB-750-BLK');
    page.document.body.innerHTML = `<div class="css-root"><div class="css-x1"><h2>Water Bottle Black</h2><div>ASIN: B0C5X7Y8Z1</div><div>SKU: WB-750-BLK</div></div><p>No customer comments in this period.</p></div>`;
    const items = vocAdapter.findItems(page.document);
    expect(items).toHaveLength(1);
    expect(vocAdapter.extract(items[0], page.url())).toMatchObject({
      asin: 'B0C5X7Y8Z1',
      sku: 'WB-750-BLK',
      title: 'Water Bottle Black',
    });
  });
});

describe('voc adapter under drift', () => {
  it('rows as nested custom elements (no tr / role=row / kat-table-row) inside a shadow root', () => {
    page = blankPage('https://sellercentral.amazon.com/voice-of-the-customer/');
    const host = page.document.createElement('voc-listing-table');
    page.document.body.appendChild(host);
    host.attachShadow({
      mode: 'open',
    }).innerHTML = `<div class="css-h">Product · SKU · Star rating · Top NCX reason</div>
      <voc-listing-item class="css-i"><voc-cell><span class="css-n">Kettle</span> <span>B0DEKETTLE</span></voc-cell><voc-cell>SKU: KET-1</voc-cell><voc-cell>3.2 out of 5 stars</voc-cell></voc-listing-item>
      <voc-listing-item class="css-i"><voc-cell><span class="css-n">Toaster</span> <span>B0TOASTER1</span></voc-cell><voc-cell>SKU: TOA-1</voc-cell><voc-cell>4.6 out of 5 stars</voc-cell></voc-listing-item>`;
    const items = vocAdapter.findItems(page.document);
    expect(items.map((item) => item.localName)).toEqual(['voc-listing-item', 'voc-listing-item']);
    const all = items.map((item) => vocAdapter.extract(item, page!.url()));
    expect(all.map((c) => [c.asin, c.sku, c.rating, c.title])).toEqual([
      ['B0DEKETTLE', 'KET-1', 3, 'Kettle'],
      ['B0TOASTER1', 'TOA-1', 5, 'Toaster'],
    ]);
  });
});
