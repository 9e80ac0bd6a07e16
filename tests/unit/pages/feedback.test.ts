// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { feedbackAdapter } from '@/lib/pages';
import { blankPage, contexts, type LoadedPage, loadFixture, sleep } from './fixture';

let page: LoadedPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

const URL_LIST = 'https://sellercentral.amazon.com/feedback-manager/index.html#/';

describe('feedback adapter on feedback.html', () => {
  it('finds the five feedback rows, not the header or the summary table', async () => {
    page = await loadFixture('feedback.html', URL_LIST);
    const items = feedbackAdapter.findItems(page.document);
    expect(items).toHaveLength(5);
    expect(items.every((item) => item.localName === 'kat-table-row' && item.closest('feedback-list'))).toBe(true);
    const all = contexts(feedbackAdapter, page);
    expect(all.map((c) => [c.itemDate, c.rating, c.orderId])).toEqual([
      ['11/18/2026', 1, '114-3941689-8772232'],
      ['11/16/2026', 2, '112-0000001-2345678'],
      ['11/15/2026', 1, '113-7654321-1234567'],
      ['11/12/2026', 2, '111-2223334-4445556'],
      ['11/10/2026', 1, '114-9998887-7766554'],
    ]);
    expect(all[0]).toMatchObject({
      source: 'feedback',
      marketplace: 'US',
      text: 'Item arrived broken and seller never answered.',
    });
    expect(all[1].text).toBe('Terrible <img src=x onerror=alert(1)> <script>window.__pwned=1</script> packaging');
    expect(all[2].text).toBe('包装破损，充电器无法充电。');
    expect((page.window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('mounts in the last cell of the row', async () => {
    page = await loadFixture('feedback.html', URL_LIST);
    const [row] = feedbackAdapter.findItems(page.document);
    const mount = feedbackAdapter.mountPoint?.(row);
    expect(mount?.localName).toBe('kat-table-cell');
    expect(mount?.parentElement).toBe(row);
    expect(row.lastElementChild).toBe(mount);
  });

  it('follows the hash route: none on #/report, rows again on #/', async () => {
    page = await loadFixture('feedback.html', URL_LIST);
    page.window.location.hash = '#/report';
    await sleep(700);
    expect(feedbackAdapter.findItems(page.document)).toHaveLength(0);
    page.window.location.hash = '#/';
    await sleep(700);
    expect(feedbackAdapter.findItems(page.document)).toHaveLength(5);
  });
});

describe('feedback adapter under drift', () => {
  it('rows as [role=row] divs in an open shadow root, header by columnheader cells, stars as aria-label', () => {
    page = blankPage('https://sellercentral.amazon.de/feedback-manager/index.html#/');
    const host = page.document.createElement('fm-app');
    page.document.body.appendChild(host);
    host.attachShadow({ mode: 'open' }).innerHTML = `
      <div role="grid" class="css-g">
        <div role="row" class="css-r"><div role="columnheader">Datum</div><div role="columnheader">Bewertung</div><div role="columnheader">Bestellnummer</div><div role="columnheader">Kommentar</div></div>
        <div role="row" class="css-r"><div role="gridcell">3. März 2026</div><div role="gridcell"><span role="img" aria-label="2,0 von 5 Sternen"></span></div><div role="gridcell">302-1234567-7654321</div><div role="gridcell">Verpackung beschädigt</div></div>
        <div role="row" class="css-r"><div role="gridcell">1. März 2026</div><div role="gridcell">1</div><div role="gridcell">302-7654321-1234567</div><div role="gridcell">Kam zu spät</div></div>
        <div role="row" class="css-total"><div role="gridcell">Gesamt: 2</div></div>
      </div>`;
    const all = contexts(feedbackAdapter, page);
    expect(all.map((c) => [c.orderId, c.rating, c.itemDate, c.text, c.marketplace])).toEqual([
      ['302-1234567-7654321', 2, '3. März 2026', 'Verpackung beschädigt', 'DE'],
      ['302-7654321-1234567', 1, '1. März 2026', 'Kam zu spät', 'DE'],
    ]);
  });

  it('classic <table> rows without a header row', () => {
    page = blankPage('https://sellercentral.amazon.com/feedback-manager/index.html#/');
    page.document.body.innerHTML = `<table class="x"><tbody>
      <tr><td>11/02/2026</td><td><kat-star-rating value="2"></kat-star-rating></td><td><a href="/orders-v3/order/111-0000000-1111111">111-0000000-1111111</a></td><td>Box was wet and torn apart</td></tr>
    </tbody></table>`;
    expect(contexts(feedbackAdapter, page)).toEqual([
      expect.objectContaining({
        orderId: '111-0000000-1111111',
        rating: 2,
        itemDate: '11/02/2026',
        text: 'Box was wet and torn apart',
      }),
    ]);
  });
});
