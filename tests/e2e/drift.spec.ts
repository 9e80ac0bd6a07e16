/**
 * Seller Central pages the adapters were not written against: the same public facts (notes/seller-central.md)
 * in other shapes — other class names, rows as ARIA roles, content inside open shadow roots, plain tables.
 * Guards against adapters tuned to our own fixtures.
 */
import { expect, readDatabase, test } from './extension';
import { chips, tagWithKeyboard } from './tagging';

const KATAL = `<script>
  for (const name of ['kat-star-rating', 'kat-link', 'kat-label']) {
    customElements.define(name, class extends HTMLElement {
      connectedCallback() {
        if (this.shadowRoot) return;
        const root = this.attachShadow({ mode: 'open' });
        if (name === 'kat-star-rating') root.textContent = '★'.repeat(Math.round(Number(this.getAttribute('value')))) ;
        else if (name === 'kat-link') { const a = document.createElement('a'); a.href = this.getAttribute('href'); a.textContent = this.getAttribute('label') || 'link'; root.append(a); }
        else { root.innerHTML = '<slot></slot>'; const t = document.createElement('span'); t.textContent = this.getAttribute('text') || ''; root.append(t); }
      }
    });
  }
</script>`;

/** A page whose content is built by script after a delay, inside an open shadow root of an app element. */
function shadowApp(body: string, delay = 300): string {
  return `<!doctype html><html><body><h1>Seller Central</h1>${KATAL}<sc-app></sc-app><script>
    setTimeout(() => {
      const host = document.querySelector('sc-app');
      const root = host.attachShadow({ mode: 'open' });
      root.innerHTML = ${JSON.stringify(body)};
    }, ${delay});
  </script></body></html>`;
}

test('reviews inside an app shadow root, with hashed classes and no test IDs', async ({
  context,
  sellerCentral,
  openExtensionPage,
}) => {
  const card = (id: string, stars: number, asin: string, text: string) => `
    <div class="css-9q2x1 css-card">
      <div class="css-h3k"><img alt=""><span class="css-p1">Insulated mug</span>
        <kat-star-rating value="4.4" review="311"></kat-star-rating></div>
      <div class="css-row"><span class="css-lbl">Child ASIN</span><span class="css-val">${asin}</span></div>
      <kat-star-rating class="reviewRating" value="${stars}"></kat-star-rating>
      <div id="${id}-title" class="css-t"><b>Title ${id}</b></div>
      <span class="css-g7g1lz">Review by Pat on March 1, 2026</span>
      <p id="review-content-${id}" class="css-body">${text}</p>
      <kat-link href="https://www.amazon.co.uk/gp/customer-reviews/${id}" label="View on Amazon"></kat-link>
    </div>`;
  const url = sellerCentral.serve(
    'https://sellercentral-europe.amazon.com/brand-customer-reviews/ref=xx_crvws_dnav_xx',
    shadowApp(
      `<div class="css-list"><div class="css-toolbar">Showing 3 reviews <kat-star-rating value="4.4"></kat-star-rating></div>${card('R1QWERTYUIOPAS', 1, 'B0MUG00001', 'Handle snapped off.')}${card('R2ASDFGHJKLZXC', 2, 'B0MUG00002', 'Paint peels.')}${card('R3ZXCVBNMQWERT', 5, 'B0MUG00003', 'Great mug.')}</div>`,
    ),
  );
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(3);
  const first = page.locator('.css-card', { hasText: 'Handle snapped off.' });
  await expect(first.getByTestId('sct-add-tag')).toHaveCount(1);
  await tagWithKeyboard(page, first, 'Handle > Snapped');
  await expect(chips(first)).toHaveCount(1);
  const data = await readDatabase(await openExtensionPage('popup.html'));
  expect(data.items[0]).toMatchObject({
    source: 'review',
    reviewId: 'R1QWERTYUIOPAS',
    rating: 1,
    asin: 'B0MUG00001',
    marketplace: 'UK',
  });
});

test('feedback rows as ARIA rows with a header row and stars as text', async ({
  context,
  sellerCentral,
  openExtensionPage,
}) => {
  const row = (date: string, stars: number, order: string, comment: string) => `
    <div role="row" class="css-r"><div role="cell">${date}</div><div role="cell"><span aria-label="${stars} out of 5 stars">${'★'.repeat(stars)}</span></div>
    <div role="cell"><a href="/orders-v3/order/${order}">${order}</a></div><div role="cell">${comment}</div></div>`;
  const url = sellerCentral.serve(
    'https://sellercentral.amazon.co.uk/feedback-manager/index.html#/',
    shadowApp(
      `<div role="table"><div role="rowgroup"><div role="row"><div role="columnheader">Date</div><div role="columnheader">Rating</div><div role="columnheader">Order ID</div><div role="columnheader">Comments</div></div></div>
       <div role="rowgroup">${row('18/11/2026', 1, '202-1234567-7654321', 'Broken on arrival')}${row('17/11/2026', 2, '202-7654321-1234567', 'Too slow')}</div></div>`,
    ),
  );
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(2);
  const broken = page.locator('[role="row"]', { hasText: 'Broken on arrival' });
  await tagWithKeyboard(page, broken, 'Damaged');
  const data = await readDatabase(await openExtensionPage('popup.html'));
  expect(data.items[0]).toMatchObject({
    source: 'feedback',
    orderId: '202-1234567-7654321',
    rating: 1,
    marketplace: 'UK',
  });
});

test('a conversation pane without tell-tale class names, list rows beside it', async ({
  context,
  sellerCentral,
  openExtensionPage,
}) => {
  const url = sellerCentral.serve(
    'https://sellercentral.amazon.de/messaging/inbox-v3?fi=responseNeeded&cc=0f8e7d6c-5b4a-3928-1716-aabbccddeeff',
    shadowApp(`
      <div class="css-a1" style="display:flex">
        <div class="css-a2" style="width:300px">
          <div class="css-a3" tabindex="0">Max M. · Order 302-1111111-2222222 · Defekt</div>
          <div class="css-a3" tabindex="0">Erika · Order 302-3333333-4444444 · Frage</div>
        </div>
        <div class="css-a4">
          <div class="css-a5">Max M. · Bestellnummer: 302-1111111-2222222 · ASIN: B0KETTLE01</div>
          <div class="css-a6"><div class="css-a7">Der Wasserkocher schaltet nicht ab.</div><div class="css-a8">Wir senden Ersatz.</div></div>
          <div class="css-a9"><textarea placeholder="Antwort"></textarea><button>Senden</button></div>
        </div>
      </div>`),
  );
  const page = await context.newPage();
  await page.goto(url);
  const pane = page.locator('.css-a4');
  await expect(pane.getByTestId('sct-add-tag')).toHaveCount(1);
  await tagWithKeyboard(page, pane, 'Abschaltung defekt');
  await expect(chips(pane)).toHaveCount(1);
  const data = await readDatabase(await openExtensionPage('popup.html'));
  expect(data.items[0]).toMatchObject({
    source: 'message',
    caseId: '0f8e7d6c-5b4a-3928-1716-aabbccddeeff',
    orderId: '302-1111111-2222222',
    asin: 'B0KETTLE01',
    marketplace: 'DE',
  });
});

test('a resolved conversation (no reply box) opened by cc= still gets one button', async ({
  context,
  sellerCentral,
}) => {
  const url = sellerCentral.serve(
    'https://sellercentral.amazon.com/messaging/inbox?fi=caseId&ss=9c1d2e3f-aaaa-bbbb-cccc-000011112222&cc=9c1d2e3f-aaaa-bbbb-cccc-000011112222',
    shadowApp(`
      <nav class="css-n">Inbox · Resolved</nav>
      <section class="css-s">
        <h2 class="css-h">Chris · Order ID: 113-5555555-6666666</h2>
        <div class="css-m">My order arrived with a cracked screen.</div>
        <div class="css-m">Replacement sent.</div>
        <div class="case-status-label">Resolved on Nov 20, 2026</div>
      </section>`),
  );
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(1);
  await expect(page.locator('.css-s').getByTestId('sct-add-tag')).toHaveCount(1);
});

test('returns as ARIA rows with label/value pairs', async ({ context, sellerCentral, openExtensionPage }) => {
  const row = (order: string, sku: string, reason: string, comment: string) => `
    <div role="row" class="css-q"><div role="cell"><a href="/orders-v3/order/${order}">${order}</a><div>RMA ID: Dq${order.slice(-5)}</div></div>
    <div role="cell"><div>Merchant SKU: ${sku}</div><div>ASIN: B0RET${order.slice(-5)}</div></div>
    <div role="cell"><span class="css-x">Return reason:</span> <span>${reason}</span></div>
    <div role="cell"><span>Buyer comment:</span> <span>${comment}</span></div></div>`;
  const url = sellerCentral.serve(
    'https://sellercentral.amazon.com/returns/list?pageSize=25&returnRequestState=authorizationRequired&pageNumber=1',
    shadowApp(`<h2>Manage returns (2)</h2><div role="table"><div role="row"><div role="columnheader">Order</div><div role="columnheader">Item</div><div role="columnheader">Reason</div><div role="columnheader">Comment</div></div>
      ${row('111-0000000-12345', 'SKU-A', 'Defective', 'Stopped working')}${row('111-0000000-67890', 'SKU-B', 'Inaccurate website description', 'Smaller than shown')}</div>`),
  );
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(2);
  await tagWithKeyboard(page, page.locator('[role="row"]', { hasText: 'SKU-B' }), 'Listing > Size wrong');
  const data = await readDatabase(await openExtensionPage('popup.html'));
  expect(data.items[0]).toMatchObject({
    source: 'return',
    sku: 'SKU-B',
    returnReason: 'Inaccurate website description',
  });
});

test('Voice of the Customer offers as a plain table', async ({ context, sellerCentral, openExtensionPage }) => {
  const url = sellerCentral.serve(
    'https://sellercentral.amazon.fr/voice-of-the-customer/',
    `<!doctype html><html><body><table><thead><tr><th>Product</th><th>SKU</th><th>NCX rate</th><th>Top NCX reason</th><th>CX Health</th></tr></thead>
     <tbody><tr><td>Bouilloire inox<br>ASIN: B0FRBOIL01</td><td>BOIL-FR-1</td><td>4.2%</td><td>Defective</td><td>Poor</td></tr>
     <tr><td>Tasse<br>ASIN: B0FRTASSE1</td><td>TASSE-1</td><td>0.4%</td><td>Too small</td><td>Excellent</td></tr></tbody></table></body></html>`,
  );
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByTestId('sct-add-tag')).toHaveCount(2);
  await tagWithKeyboard(page, page.locator('tr', { hasText: 'B0FRBOIL01' }), 'Bouilloire > Fuite');
  const data = await readDatabase(await openExtensionPage('popup.html'));
  expect(data.items[0]).toMatchObject({ source: 'voc', asin: 'B0FRBOIL01', sku: 'BOIL-FR-1', marketplace: 'FR' });
});
