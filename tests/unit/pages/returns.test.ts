// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { returnsAdapter } from '@/lib/pages';
import { blankPage, contexts, type LoadedPage, loadFixture } from './fixture';

let page: LoadedPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

describe('returns adapter', () => {
  it('returns-v2.html: four kat-table rows, not the header or summary row', async () => {
    page = await loadFixture(
      'returns-v2.html',
      'https://sellercentral.amazon.com/gp/returns/list/v2?searchBy=ORDER_ID&orderBy=CreatedDateDesc&selectedDateRange=90',
    );
    const items = returnsAdapter.findItems(page.document);
    expect(items).toHaveLength(4);
    expect(items.every((item) => item.matches('kat-table-row.manage-returns-table-row'))).toBe(true);
    const all = contexts(returnsAdapter, page);
    expect(all[0]).toMatchObject({
      source: 'return',
      marketplace: 'US',
      orderId: '114-3941689-8772232',
      returnRequestId: 'DmK8d2Wq3',
      buyer: 'Jordan P.',
      sku: 'WB-750-BLK',
      asin: 'B0C5X7Y8Z1',
      returnReason: 'Defective',
      returnReasonCode: 'DEFECTIVE',
      buyerComment: 'Lid leaks after a week',
      itemDate: 'November 18, 2026',
    });
    expect(all.map((c) => [c.orderId, c.returnReasonCode, c.buyer])).toEqual([
      ['114-3941689-8772232', 'DEFECTIVE', 'Jordan P.'],
      ['112-0000001-2345678', 'DEFECTIVE', '李雷'],
      ['113-7654321-1234567', 'NOT_AS_DESCRIBED', 'Sam K.'],
      ['111-2223334-4445556', 'DAMAGED_BY_CARRIER', 'Anna S.'],
    ]);
    expect(all[1].buyerComment).toBe('充电器无法充电 <img src=x onerror=alert(1)><script>window.__pwned=1</script>');
    expect(all[3].buyerComment).toBeUndefined();
    expect((page.window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect(returnsAdapter.mountPoint?.(items[0]).matches('kat-table-cell.div4')).toBe(true);
  });

  it('returns-classic.html: three <tr> rows, not the header, totals row or layout table', async () => {
    page = await loadFixture(
      'returns-classic.html',
      'https://sellercentral.amazon.com/gp/returns/list?searchType=orderId',
    );
    const items = returnsAdapter.findItems(page.document);
    expect(items.map((item) => item.className)).toEqual(['return-row', 'return-row', 'return-row']);
    const all = contexts(returnsAdapter, page);
    expect(
      all.map((c) => [
        c.orderId,
        c.returnRequestId,
        c.buyer,
        c.sku,
        c.asin,
        c.returnReason,
        c.returnReasonCode,
        c.buyerComment,
        c.itemDate,
      ]),
    ).toEqual([
      [
        '111-9876543-2109876',
        'Dx9Lm3Kp1',
        'Chris B.',
        'WB-750-BLK',
        'B0C5X7Y8Z1',
        'No longer needed',
        'UNWANTED_ITEM',
        'Changed my mind',
        'Oct 30, 2026',
      ],
      [
        '113-1357913-5791357',
        'Dy2Nn4Lq8',
        '张伟',
        'CHG-65W-EU',
        undefined,
        'Bought by mistake',
        'ORDERED_WRONG_ITEM',
        '买错型号了',
        'Oct 28, 2026',
      ],
      [
        '114-2468024-6802468',
        'Dz7Pp6Mr5',
        'Pat <b>Q</b>',
        'SHIRT-M-BLU',
        'B0SHIRTM01',
        'Too small',
        'APPAREL_TOO_SMALL',
        '<script>window.__pwned=1</script> runs small',
        'Oct 25, 2026',
      ],
    ]);
  });

  it('returns-mfn.html: cards in an open shadow root, no table markup', async () => {
    page = await loadFixture(
      'returns-mfn.html',
      'https://sellercentral.amazon.com/manage/returns/mfn?~return_status=Approved,PendingLabel&~marketplace_id=ATVPDKIKX0DER',
    );
    const all = contexts(returnsAdapter, page);
    expect(
      all.map((c) => [
        c.orderId,
        c.returnRequestId,
        c.buyer,
        c.sku,
        c.asin,
        c.returnReasonCode,
        c.buyerComment,
        c.itemDate,
      ]),
    ).toEqual([
      [
        '114-5556667-7778889',
        'DwA1b2C3d',
        'Jordan P.',
        'WB-750-BLK',
        'B0C5X7Y8Z1',
        'MISSING_PARTS',
        'Straw and lid gasket missing',
        'Nov 21, 2026',
      ],
      [
        '112-4445556-6667778',
        'DwE4f5G6h',
        '王芳',
        'CHG-65W-EU',
        'B0D1ASIN03',
        'SWITCHEROO',
        '收到的是 30W 充电器，不是 65W。',
        'Nov 20, 2026',
      ],
      [
        '111-3334445-5556667',
        'DwI7j8K9l',
        'Kim L.',
        'SHIRT-M-BLU',
        'B0SHIRTM01',
        'APPAREL_STYLE',
        undefined,
        'Nov 19, 2026',
      ],
    ]);
  });

  it('drift: [role=row] rows with renamed classes inside a shadow root, marketplace from the row links', () => {
    page = blankPage('https://sellercentral-europe.amazon.com/gp/returns/list/v2');
    const host = page.document.createElement('returns-app');
    page.document.body.appendChild(host);
    host.attachShadow({ mode: 'open' }).innerHTML = `<div role="table">
      <div role="row"><span role="columnheader">Item</span><span role="columnheader">Order</span></div>
      <div role="row" class="css-77"><span role="cell"><kat-label emphasis="Merchant SKU:" text="KET-DE-1"></kat-label>
        <span class="css-r">Return reason: Artikel defekt oder funktioniert nicht</span></span>
        <span role="cell"><a href="/orders-v3/order/302-5555555-6666666?marketplaceId=A1PA6795UKMFR9">302-5555555-6666666</a> Buyer: Jonas</span></div>
      <div role="row" class="css-77"><span role="cell">Total Returns: 1</span></div></div>`;
    const all = contexts(returnsAdapter, page);
    expect(all).toEqual([
      expect.objectContaining({
        orderId: '302-5555555-6666666',
        sku: 'KET-DE-1',
        buyer: 'Jonas',
        returnReason: 'Artikel defekt oder funktioniert nicht',
        returnReasonCode: 'DEFECTIVE',
        marketplace: 'DE',
      }),
    ]);
  });
});
