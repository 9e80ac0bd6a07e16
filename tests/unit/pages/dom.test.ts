// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { itemContextSchema } from '@/lib/model';
import { contextFromSelection } from '@/lib/pages';
import {
  asinIn,
  asinOfLink,
  dateIn,
  deepLines,
  deepQueryAll,
  deepText,
  orderIdIn,
  ratingInText,
  ratingOfElement,
  reviewIdIn,
  reviewIdOfLink,
} from '@/lib/pages/dom';
import { returnReasonCodeOf } from '@/lib/pages/returnReasons';
import { blankPage, type LoadedPage } from './fixture';

let page: LoadedPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

describe('ID formats (notes/seller-central.md §4)', () => {
  it('order IDs, ASINs, review IDs', () => {
    expect(orderIdIn('Order ID: 114-3941689-8772232.')).toBe('114-3941689-8772232');
    expect(orderIdIn('1114-3941689-8772232')).toBeUndefined();
    expect(asinIn('Child ASIN B0C5X7Y8Z1')).toBe('B0C5X7Y8Z1');
    expect(asinIn('XB0C5X7Y8Z1')).toBeUndefined();
    expect(asinOfLink('https://www.amazon.com/dp/1697176372?ref=x')).toBe('1697176372');
    expect(asinOfLink('/gp/product/B0C5X7Y8Z1/')).toBe('B0C5X7Y8Z1');
    expect(asinOfLink('/review?ASIN=4339046647&x=1')).toBe('4339046647');
    for (const id of ['R3PXA2ZA1TUMCE', 'R2RZ1QH8EPY9NT', 'R33RHW7EY4FF24', 'R1VUZL5TK86QAF', 'RXKJ7XOL5UJZY']) {
      expect(reviewIdIn(`review ${id} here`)).toBe(id);
    }
    expect(reviewIdIn('RETURNREQUESTS')).toBeUndefined();
    expect(reviewIdOfLink('https://www.amazon.co.uk/gp/customer-reviews/R1VUZL5TK86QAF?ref=cm')).toBe('R1VUZL5TK86QAF');
  });

  it('ratings in several languages, integer 1–5 only', () => {
    expect(ratingInText('2.0 out of 5 stars')).toBe(2);
    expect(ratingInText('4,0 von 5 Sternen')).toBe(4);
    expect(ratingInText('5つ星のうち3.0')).toBe(3);
    expect(ratingInText('4.0 颗星，最多 5 颗星')).toBe(4);
    expect(ratingInText('no stars here')).toBeUndefined();
    expect(ratingInText('9 out of 5')).toBeUndefined();
  });

  it('dates as Seller Central prints them', () => {
    expect(dateIn('Review by X on March 4, 2026')).toBe('March 4, 2026');
    expect(dateIn('on 12 March 2026')).toBe('12 March 2026');
    expect(dateIn('投稿日: 2026年3月4日')).toBe('2026年3月4日');
    expect(dateIn('11/18/2026')).toBe('11/18/2026');
    expect(dateIn('3. März 2026')).toBe('3. März 2026');
  });
});

describe('deep text and queries', () => {
  it('reads open shadow roots (nested), Katal host attributes, and skips our own UI and scripts', () => {
    page = blankPage('https://sellercentral.amazon.com/');
    const doc = page.document;
    doc.body.innerHTML = `<div id="item"><kat-label emphasis="Merchant SKU:" text="ABC-1"></kat-label>
      <div id="outer"></div><script>var x = 'R9ZZZZZZZZZZZ9';</script><sct-item-bar data-sct-ui></sct-item-bar>
      <span class="sct-chip">Our chip</span><kat-star-rating value="2"></kat-star-rating></div>`;
    const outer = doc.getElementById('outer')!;
    const shadow = outer.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>Outer shadow</p><div id="inner"></div>';
    shadow.getElementById('inner')!.attachShadow({ mode: 'open' }).innerHTML = '<b>Inner</b> <i>shadow</i>';
    doc.querySelector('sct-item-bar')!.attachShadow({ mode: 'open' }).innerHTML = '<button>Add tag</button>';
    const item = doc.getElementById('item')!;
    expect(deepLines(item)).toEqual(['Merchant SKU: ABC-1', 'Outer shadow', 'Inner shadow']);
    expect(deepText(item)).not.toMatch(/Add tag|Our chip|R9ZZZ/);
    expect(deepQueryAll(doc, 'b').map((el) => el.textContent)).toEqual(['Inner']);
    expect(deepQueryAll(doc, 'button')).toHaveLength(0); // inside our own UI
    expect(ratingOfElement(doc.querySelector('kat-star-rating')!)).toBe(2);
  });
});

describe('contextFromSelection', () => {
  it('takes IDs from the text around the selection, walking up ancestors', () => {
    page = blankPage('https://sellercentral.amazon.co.uk/orders-v3/order/203-1234567-7654321');
    const doc = page.document;
    doc.body.innerHTML = `<section><h2>Order 203-1234567-7654321</h2><div><p>ASIN: B0UKKETTLE</p>
      <div><p id="target">The kettle lid broke after two days of use.</p></div></div></section>`;
    const range = doc.createRange();
    const text = doc.getElementById('target')!.firstChild!;
    range.setStart(text, 4);
    range.setEnd(text, 14);
    const context = itemContextSchema.parse(contextFromSelection(range as unknown as Range, page.url()));
    expect(context).toMatchObject({
      source: 'other',
      marketplace: 'UK',
      orderId: '203-1234567-7654321',
      asin: 'B0UKKETTLE',
    });
    expect(context.text).toContain('The kettle lid broke');
  });
});

describe('return reason codes', () => {
  it.each([
    ['Defective', 'DEFECTIVE'],
    ["Item defective or doesn't work", 'DEFECTIVE'],
    ['Item damaged', 'DAMAGED_BY_FC'],
    ['Product and shipping box both damaged', 'DAMAGED_BY_CARRIER'],
    ['Inaccurate website description', 'NOT_AS_DESCRIBED'],
    ['No longer needed', 'UNWANTED_ITEM'],
    ['Missing parts', 'MISSING_PARTS'],
    ['Wrong item was sent', 'SWITCHEROO'],
    ['Too small', 'APPAREL_TOO_SMALL'],
    ['Too large', 'APPAREL_TOO_LARGE'],
    ['Bought by mistake', 'ORDERED_WRONG_ITEM'],
    ['Better price available', 'FOUND_BETTER_PRICE'],
    ['Item arrived too late', 'MISSED_ESTIMATED_DELIVERY'],
    ['Style not as expected', 'APPAREL_STYLE'],
    ['商品有缺陷或无法使用', 'DEFECTIVE'],
    ['不再需要', 'UNWANTED_ITEM'],
    ['网站描述不准确', 'NOT_AS_DESCRIBED'],
    ['商品和包装盒均已损坏', 'DAMAGED_BY_CARRIER'],
    ['不良品', 'DEFECTIVE'],
    ['間違えて注文した', 'ORDERED_WRONG_ITEM'],
    ['サイズが小さすぎた', 'APPAREL_TOO_SMALL'],
    ['Artikel defekt oder funktioniert nicht', 'DEFECTIVE'],
    ['Nicht mehr benötigt', 'UNWANTED_ITEM'],
    ['APPAREL_TOO_SMALL', 'APPAREL_TOO_SMALL'],
  ])('%s → %s', (display, code) => {
    expect(returnReasonCodeOf(display)).toBe(code);
  });
  it('unknown text → undefined', () => {
    expect(returnReasonCodeOf('Lorem ipsum')).toBeUndefined();
    expect(returnReasonCodeOf(undefined)).toBeUndefined();
  });
});
