// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { itemKeyOf } from '@/lib/itemKey';
import { messagesAdapter } from '@/lib/pages';
import { blankPage, contexts, type LoadedPage, loadFixture, sleep } from './fixture';

let page: LoadedPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

const CASE_A = '3f9c2a4e-8b1d-4c6a-9e2f-1a2b3c4d5e6f';
const CASE_B = '7d2e9b10-4f3a-4e8c-b6d1-0c9e8f7a6b5d';
const INBOX = 'https://sellercentral.amazon.com/messaging/inbox-v3?fi=responseNeeded';

function listRows(document: Document): HTMLElement[] {
  const app = document.querySelector('sc-msg-app')!.shadowRoot!;
  return [...app.querySelector('sc-msg-list')!.shadowRoot!.querySelectorAll<HTMLElement>('[role=option]')];
}

describe('messages adapter on messages-inbox.html', () => {
  it('the open conversation (inside nested open shadow roots) is exactly one item', async () => {
    page = await loadFixture('messages-inbox.html', `${INBOX}&cc=${CASE_A}`);
    const items = messagesAdapter.findItems(page.document);
    expect(items).toHaveLength(1);
    expect(items[0].localName).toBe('sc-msg-detail');
    expect(contexts(messagesAdapter, page)[0]).toMatchObject({
      source: 'message',
      marketplace: 'US',
      caseId: CASE_A,
      orderId: '114-3941689-8772232',
      asin: 'B0C5X7Y8Z1',
      buyer: 'Jordan P.',
      text: 'Hi, the lid of my bottle leaks. Can I get a replacement?',
      itemDate: 'Nov 20, 2026',
    });
  });

  it('no open conversation (no cc=) → no item', async () => {
    page = await loadFixture('messages-inbox.html', INBOX);
    expect(messagesAdapter.findItems(page.document)).toHaveLength(0);
    listRows(page.document)[2].click();
    await sleep(50);
    const items = messagesAdapter.findItems(page.document);
    expect(items).toHaveLength(1);
    expect(messagesAdapter.extract(items[0], page.url())).toMatchObject({
      caseId: 'a1b2c3d4-0000-4000-8000-123456789abc',
      orderId: '113-7654321-1234567',
      buyer: 'Sam K.',
    });
  });

  it('a conversation switch reuses the pane; extract follows the new conversation', async () => {
    page = await loadFixture('messages-inbox.html', `${INBOX}&cc=${CASE_A}`);
    const [pane] = messagesAdapter.findItems(page.document);
    const first = messagesAdapter.extract(pane, page.url());
    listRows(page.document)[1].click();
    await sleep(50);
    const [same] = messagesAdapter.findItems(page.document);
    expect(same).toBe(pane);
    const second = messagesAdapter.extract(pane, page.url());
    expect(second).toMatchObject({
      caseId: CASE_B,
      orderId: '112-0000001-2345678',
      asin: 'B0D1ASIN03',
      buyer: '李雷',
      text: '充电器无法充电 <img src=x onerror=alert(1)> <script>window.__pwned=1</script>',
    });
    expect(itemKeyOf(second)).not.toBe(itemKeyOf(first));
    expect((page.window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});

describe('messages adapter under drift', () => {
  it('thread pane with known-looking classes, buyer/seller bubbles, case id attribute, no cc in the URL', () => {
    page = blankPage(
      'https://sellercentral-europe.amazon.com/messaging/inbox-v3?fi=responseNeeded&mons_sel_mkid=amzn1.mp.o.A1PA6795UKMFR9',
    );
    const app = page.document.createElement('div');
    page.document.body.appendChild(app);
    app.attachShadow({ mode: 'open' }).innerHTML = `
      <ul class="css-list"><li class="message-row">Order 302-1111111-2222222</li><li class="message-row">Order 302-3333333-4444444</li></ul>
      <section class="css-9 thread-view" data-case-id="case-123456">
        <header>Bestellnummer: 302-1111111-2222222 · ASIN B0DEKETTLE · <span class="buyer-name">Lena K.</span></header>
        <div class="message-bubble incoming">Der Deckel ist kaputt.<time>3 March 2026</time></div>
        <div class="message-bubble outgoing">Wir senden Ersatz.</div>
      </section>`;
    const items = messagesAdapter.findItems(page.document);
    expect(items).toHaveLength(1);
    expect(messagesAdapter.extract(items[0], page.url())).toMatchObject({
      caseId: 'case-123456',
      orderId: '302-1111111-2222222',
      asin: 'B0DEKETTLE',
      buyer: 'Lena K.',
      text: 'Der Deckel ist kaputt. 3 March 2026',
      marketplace: 'DE',
    });
  });
});
