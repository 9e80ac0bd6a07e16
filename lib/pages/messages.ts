/**
 * Buyer-Seller Messages (`/messaging/inbox`, `/messaging/inbox-v3`), notes/seller-central.md §2.4.
 * The item is the OPEN CONVERSATION (thread pane): exactly one while a conversation is open, none otherwise.
 * The list and the thread render inside KAT web components, so everything is searched through open shadow roots
 * [claimed]; no selector for the pane is public, so candidates by class/test-id/tag name come first and a
 * structural heuristic backs them up: the pane is the largest ancestor of the reply box (or of the conversation's
 * order ID) that does not also hold the conversation list. Order ID and ASIN come from text regexes [seen].
 */
import type { ItemContext } from '../model';
import type { PageAdapter } from './adapter';
import { cachedExtract, makeContext } from './context';
import {
  asinIn,
  asinOfLink,
  composedContains,
  composedParent,
  dateIn,
  deepLines,
  deepQuery,
  deepQueryAll,
  deepText,
  isOwnUi,
  ORDER_ID_RE,
  ORDER_ID_RE_G,
  openShadowRoots,
  orderIdIn,
  textNodesMatching,
  valueFromLines,
} from './dom';

/** Thread pane candidates [guess: no public selector]. */
export const THREAD_PANE_SELECTORS = [
  '[data-testid*="thread-view" i],[data-testid*="conversation-view" i],[data-testid*="message-thread" i],[data-testid*="conversation-detail" i],[data-testid*="thread-detail" i]',
  '[class*="thread-view" i],[class*="threadView"],[class*="conversation-view" i],[class*="conversationView"],[class*="message-thread" i],[class*="messageThread"],[class*="thread-pane" i],[class*="threadPane"],[class*="conversation-detail" i],[class*="conversationDetail"],[class*="thread-detail" i]',
];
/** Custom-element tag names of a thread pane, e.g. <msg-thread-view>, <conversation-panel> [guess]. */
const THREAD_TAG_RE =
  /(?:thread|conversation)[-_]?(?:view|pane|panel|detail|details|content|container)|message-thread|case-detail/;
/** Conversation-list rows [guess; `[class*="message-row"]` is what a public scraper guessed]. */
export const LIST_ROW_SELECTORS =
  '[class*="message-row" i],[class*="conversation-row" i],[class*="thread-row" i],[class*="conversation-list-item" i],[class*="thread-list-item" i],[class*="inbox-row" i],[data-testid*="conversation-row" i],[data-testid*="thread-row" i],[data-testid*="list-item" i],[role="listitem"],[role="option"]';
const LIST_ROW_TAG_RE = /(?:conversation|thread|message|case|inbox)[-_]?(?:row|list-item|listitem|item|card|summary)$/;
/** The reply box of the open conversation. */
const COMPOSER_SELECTOR = 'textarea,kat-textarea,[contenteditable="true"],[contenteditable=""],[role="textbox"]';
/** Message bubbles [guess]. */
const BUBBLE_SELECTORS =
  '[class*="message-bubble" i],[class*="messageBubble"],[class*="chat-bubble" i],[class*="message-content" i],[class*="messageContent"],[class*="message-body" i],[data-testid*="message-bubble" i],[data-testid*="message-body" i],[data-testid*="message-content" i]';
const BUBBLE_TAG_RE = /message[-_]?(?:bubble|item|entry|body|content)|chat[-_]?message/;
const BUYER_SIDE_WORDS = new Set(['buyer', 'customer', 'incoming', 'inbound', 'received', 'them', 'left']);
const SELLER_SIDE_WORDS = new Set([
  'seller',
  'merchant',
  'outgoing',
  'outbound',
  'sent',
  'me',
  'self',
  'mine',
  'right',
]);
const BUYER_NAME_SELECTORS =
  '[data-testid*="buyer-name" i],[class*="buyer-name" i],[class*="buyerName"],[class*="customer-name" i],[class*="customerName"]';
const BUYER_LABEL =
  /^(?:buyer(?: name)?|customer(?: name)?|from|买家(?:姓名)?|购买者|購入者(?:名)?|käufer|acheteur|comprador)$/i;
const CASE_ATTRIBUTES = ['data-case-id', 'data-caseid', 'data-thread-id', 'data-conversation-id', 'data-cc'];

interface Scan {
  all: Element[];
  listRows: Element[];
}

function scan(doc: Document): Scan {
  const roots = openShadowRoots(doc, true);
  const all: Element[] = [];
  const push = (list: NodeListOf<Element>) => {
    for (let i = 0; i < list.length; i++) all.push(list[i]);
  };
  push(doc.querySelectorAll('*'));
  for (const root of roots) push(root.querySelectorAll('*'));
  const listRows = all.filter(
    (el) => !isOwnUi(el) && (el.matches(LIST_ROW_SELECTORS) || LIST_ROW_TAG_RE.test(el.localName)),
  );
  return { all, listRows };
}

/**
 * The pane must not hold the conversation list: ≥ 2 list rows, or ≥ 2 different order IDs (a conversation is about
 * one order; list rows without tell-tale names still show one order ID each), mean it does.
 */
function holdsList(el: Element, listRows: Element[]): boolean {
  let rows = 0;
  for (const row of listRows) if (composedContains(el, row) && ++rows >= 2) return true;
  const ids = new Set(deepText(el).match(ORDER_ID_RE_G) ?? []);
  return ids.size >= 2;
}

function insideListRow(el: Element, listRows: Element[]): boolean {
  return listRows.some((row) => composedContains(row, el));
}

/** The highest ancestor-or-self of `start` that does not hold the list (never body/html). */
function climbToPane(start: Element, listRows: Element[]): Element {
  let pane = start;
  for (let node = composedParent(start); node; node = composedParent(node)) {
    if (/^(?:body|html)$/.test(node.localName) || holdsList(node, listRows)) break;
    pane = node;
  }
  return pane;
}

/**
 * The smallest ancestor-or-self of `start` that shows a conversation: an order ID plus more than a single line
 * (messages, a reply box). Smallest, because whatever element is the real "conversation view", this one sits
 * inside it; it never climbs into an ancestor that also holds the list. Falls back to climbToPane.
 */
function climbToConversation(start: Element, listRows: Element[]): Element {
  for (let node: Element | null = start; node; node = composedParent(node)) {
    if (/^(?:body|html)$/.test(node.localName) || holdsList(node, listRows)) break;
    if (showsConversation(node)) return node;
  }
  return climbToPane(start, listRows);
}

/** An order ID and at least two other lines (messages), so a header with the order and the product is not enough. */
function showsConversation(el: Element): boolean {
  const lines = deepLines(el);
  if (!lines.some((line) => ORDER_ID_RE.test(line))) return false;
  return lines.filter((line) => !ORDER_ID_RE.test(line) && !asinIn(line)).length >= 2;
}

function looksOpen(pane: Element, doc: Document): boolean {
  if (CASE_ATTRIBUTES.some((name) => pane.hasAttribute(name))) return true;
  const url = doc.URL ? new URL(doc.URL) : undefined;
  if (url?.searchParams.get('cc')) return true;
  const text = deepText(pane);
  return ORDER_ID_RE.test(text) || deepQuery(pane, BUBBLE_SELECTORS) !== null;
}

export function findThreadPane(doc: Document): Element | undefined {
  const { all, listRows } = scan(doc);
  // 1. Known-looking panes (class/test-id/tag name) that hold a conversation but not the list; outermost wins.
  const selector = THREAD_PANE_SELECTORS.join(',');
  const candidates = all.filter(
    (el) => !isOwnUi(el) && (el.matches(selector) || THREAD_TAG_RE.test(el.localName)) && !insideListRow(el, listRows),
  );
  const valid = candidates.filter((el) => !holdsList(el, listRows));
  const outermost = valid.find((el) => !valid.some((other) => other !== el && composedContains(other, el)));
  if (outermost && looksOpen(outermost, doc)) return outermost;
  // 2. The reply box's pane.
  const composer = all.find((el) => el.matches(COMPOSER_SELECTOR) && !isOwnUi(el) && !insideListRow(el, listRows));
  if (composer) {
    const pane = climbToConversation(composer, listRows);
    if (looksOpen(pane, doc)) return pane;
  }
  // 3. An order ID shown outside the list: the conversation's header.
  const roots = openShadowRoots(doc, true);
  const node = textNodesMatching(doc, ORDER_ID_RE, roots).find(
    (text) => text.parentElement && !insideListRow(text.parentElement, listRows),
  );
  const hasOpenCase = Boolean(doc.URL && new URL(doc.URL).searchParams.get('cc'));
  if (node?.parentElement && (listRows.length > 0 || hasOpenCase))
    return climbToConversation(node.parentElement, listRows);
  return undefined;
}

function side(bubble: Element, pane: Element): 'buyer' | 'seller' | undefined {
  for (let node: Element | null = bubble; node && node !== pane; node = composedParent(node)) {
    const marks = `${node.getAttribute('class') ?? ''} ${node.getAttribute('data-sender') ?? ''} ${node.getAttribute('data-author') ?? ''} ${node.getAttribute('data-testid') ?? ''} ${node.localName}`;
    const words = marks
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z]+/);
    if (words.some((word) => SELLER_SIDE_WORDS.has(word))) return 'seller';
    if (words.some((word) => BUYER_SIDE_WORDS.has(word))) return 'buyer';
  }
  return undefined;
}

function bubblesOf(pane: Element): Element[] {
  const roots = openShadowRoots(pane);
  const found = deepQueryAll(pane, BUBBLE_SELECTORS, roots);
  for (const root of roots) {
    for (const el of root.querySelectorAll('*')) if (BUBBLE_TAG_RE.test(el.localName)) found.push(el);
  }
  for (const el of pane.querySelectorAll('*')) if (BUBBLE_TAG_RE.test(el.localName)) found.push(el);
  // Innermost bubbles only (a bubble wrapper and its content element count once).
  const set = new Set(found);
  return [...set].filter((el) => ![...set].some((other) => other !== el && composedContains(el, other)));
}

function caseIdOf(pane: Element, url: URL): string | undefined {
  for (const name of CASE_ATTRIBUTES) {
    const own = pane.getAttribute(name);
    if (own?.trim()) return own.trim();
  }
  const inner = deepQuery(pane, CASE_ATTRIBUTES.map((name) => `[${name}]`).join(','));
  if (inner) {
    for (const name of CASE_ATTRIBUTES) {
      const value = inner.getAttribute(name);
      if (value?.trim()) return value.trim();
    }
  }
  const cc = url.searchParams.get('cc');
  if (cc && /^[A-Za-z0-9-]{6,80}$/.test(cc)) return cc;
  const ss = url.searchParams.get('ss');
  if (ss && /^caseid$/i.test(url.searchParams.get('fi') ?? '') && /^[A-Za-z0-9-]{6,80}$/.test(ss)) return ss;
  return undefined;
}

function extractMessage(pane: Element, url: URL): ItemContext {
  const lines = deepLines(pane);
  const all = lines.join('\n');
  const bubbles = bubblesOf(pane);
  const buyerBubbles = bubbles.filter((bubble) => side(bubble, pane) === 'buyer');
  const shown = buyerBubbles.length > 0 ? buyerBubbles : bubbles.filter((bubble) => side(bubble, pane) !== 'seller');
  const texts = shown.map((bubble) => deepText(bubble)).filter(Boolean);

  let asin = asinIn(all);
  if (!asin) {
    for (const link of deepQueryAll(pane, '[href]')) {
      asin = asinOfLink(link.getAttribute('href'));
      if (asin) break;
    }
  }
  const buyerElement = deepQuery(pane, BUYER_NAME_SELECTORS);
  let buyer = (buyerElement && deepText(buyerElement)) || valueFromLines(lines, BUYER_LABEL);
  if (!buyer) {
    // A short element whose class names the buyer (e.g. "css-buyer"), not a message.
    const named = deepQueryAll(pane, '[class*="buyer" i]').find(
      (el) => !el.matches(BUBBLE_SELECTORS) && !bubbles.some((bubble) => composedContains(el, bubble)),
    );
    const text = named && deepText(named);
    if (text && text.length <= 80) buyer = text;
  }

  let itemDate: string | undefined;
  for (const bubble of shown) {
    const container = composedParent(bubble) ?? bubble;
    itemDate = dateIn(deepText(container)) ?? dateIn(bubble.getAttribute('data-timestamp'));
    if (itemDate) break;
  }
  return makeContext('message', url, {
    caseId: caseIdOf(pane, url),
    orderId: orderIdIn(all),
    asin,
    buyer: buyer?.replace(/^(?:buyer|customer|from)\s*[:：]\s*/i, ''),
    text: texts.length > 0 ? texts.join('\n') : lines.filter((line) => !ORDER_ID_RE.test(line)).join('\n'),
    itemDate: itemDate ?? dateIn(all),
  });
}

export const messagesAdapter: PageAdapter = {
  kind: 'messages',
  source: 'message',
  findItems: (doc) => {
    const pane = findThreadPane(doc);
    return pane ? [pane] : [];
  },
  extract: cachedExtract(extractMessage),
};
