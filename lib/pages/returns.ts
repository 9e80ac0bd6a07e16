/**
 * Manage Returns (classic `/gp/returns/list`, v2 `/gp/returns/list/v2`, `/returns/list`, newest
 * `/manage/returns/mfn`), notes/seller-central.md §2.5: one item per return row or card. Every return shows its
 * order ID, so rows without one (headers, "Total Returns: N", "Manage returns (N)") are never items.
 */
import { marketplaceOfId } from '../hosts';
import type { ItemContext } from '../model';
import type { PageAdapter } from './adapter';
import { cachedExtract, makeContext } from './context';
import {
  asinIn,
  asinOfLink,
  cellsByColumn,
  clean,
  dateIn,
  deepLines,
  deepQuery,
  deepQueryAll,
  deepText,
  labelledValue,
  lastCellOf,
  ORDER_ID_RE,
  orderIdIn,
  valueFromLines,
} from './dom';
import { returnReasonCodeOf } from './returnReasons';
import { findRows, ROW_SELECTORS } from './rows';

export const RETURN_ROW_SELECTORS = [
  'kat-table-row.manage-returns-table-row', // Greasy Fork 538395 [seen]
  '[data-testid*="return-request" i],[data-testid*="return-row" i],[data-testid*="return-card" i]', // newest layout [guess]
  '[class*="return-card" i],[class*="returnCard"],[class*="return-request-row" i],[class*="returnRequestRow"]', // [guess]
];

/** Column headers of table layouts (classic page). */
const RETURN_COLUMNS = {
  reason: /reason|退货原因|退货理由|返品理由|rücksendegrund|motif|motivo/,
};

const ORDER_LINK_SELECTOR = 'a[href*="/order/"],kat-link[href*="/order/"],[href*="orderId="],[href*="orderID="]'; // [seen]

const LABELS = {
  returnRequestId:
    /^(?:rma(?: id)?|rma #|return (?:request )?id|return authori[sz]ation(?: id)?|退货(?:请求)?(?:编号|id)|rma\s*编号|返品(?:リクエスト)?id|rücksendungs-?id|id de (?:retour|devolución))$/i,
  buyer:
    /^(?:buyer(?: name)?|customer(?: name)?|purchaser|买家(?:姓名|名称)?|购买者|購入者(?:名)?|käufer(?:name)?|acheteur|comprador|acquirente)$/i,
  sku: /^(?:merchant sku|seller sku|sku|卖家\s*sku|商家\s*sku|出品者\s*sku|händler-?sku|sku (?:du )?vendeur|sku del vendedor)$/i,
  asin: /^asin$/i,
  reason:
    /^(?:return reason|reason(?: for return)?|退货原因|退货理由|返品(?:の)?理由|rücksendegrund|grund der rücksendung|motif (?:du|de) retour|motivo de(?:l)? (?:la )?devolución|motivo del reso)$/i,
  comment:
    /^(?:(?:buyer|customer)(?:'s)? comments?|comments?|买家(?:评论|留言|备注|意见)|购买者(?:评论|留言)|顾客(?:评论|留言)|購入者(?:の)?コメント|お客様(?:の)?コメント|kundenkommentar|käuferkommentar|commentaire(?: (?:du client|de l'acheteur))?|comentario del (?:cliente|comprador)|commento del cliente)$/i,
  date: /^(?:(?:return )?request(?:ed)?(?: date| on)?|return requested(?: on)?|date requested|return date|退货(?:请求)?日期|申请日期|返品(?:リクエスト)?日|rücksendung angefordert(?: am)?|date de (?:la )?demande|fecha de (?:la )?solicitud)$/i,
};

function hasOrderId(row: Element, text: { some(test: (text: string) => boolean): boolean }): boolean {
  if (row.querySelector(ORDER_LINK_SELECTOR)) return true;
  return text.some((t) => ORDER_ID_RE.test(t));
}

function findReturnRows(doc: Document): Element[] {
  return findRows(doc, {
    extraSelectors: RETURN_ROW_SELECTORS,
    accept: hasOrderId,
    markerRe: ORDER_ID_RE,
    markerKey: orderIdIn,
  });
}

function hrefs(item: Element): string[] {
  return deepQueryAll(item, '[href]').map((el) => el.getAttribute('href') ?? '');
}

function paramOf(links: string[], names: RegExp): string | undefined {
  for (const href of links) {
    try {
      for (const [key, value] of new URL(href, 'https://sellercentral.amazon.com/').searchParams) {
        if (names.test(key) && value.trim()) return value.trim();
      }
    } catch {
      // not a URL
    }
  }
  return undefined;
}

function extractReturn(row: Element, url: URL): ItemContext {
  const lines = deepLines(row);
  const all = lines.join(' ');
  const links = hrefs(row);
  const label = (re: RegExp) => labelledValue(row, re, lines);
  const short = (re: RegExp) => untilNextLabel(label(re));

  let orderId: string | undefined;
  for (const link of deepQueryAll(row, ORDER_LINK_SELECTOR)) {
    orderId = orderIdIn(deepText(link)) ?? orderIdIn(link.getAttribute('href'));
    if (orderId) break;
  }
  orderId ??= orderIdIn(all);

  const returnRequestId =
    paramOf(links, /^(?:returnRequestId|rmaId|rma)$/i) ??
    row.getAttribute('data-return-request-id') ??
    deepQuery(row, '[data-return-request-id],[data-rma-id]')?.getAttribute('data-return-request-id') ??
    deepQuery(row, '[data-rma-id]')?.getAttribute('data-rma-id') ??
    short(LABELS.returnRequestId)?.split(' ')[0];

  const reasonElement = deepQuery(row, '.return-reason-value,[data-testid*="return-reason" i],[class*="returnReason"]'); // [seen] first
  const columns = cellsByColumn(row, RETURN_COLUMNS);
  const returnReason =
    (reasonElement && clean(deepText(reasonElement))) ??
    label(LABELS.reason) ??
    // Classic tables: a "Return reason" column whose first line is the reason.
    untilNextLabel(columns.reason && deepLines(columns.reason).find((line) => !/[:：]/.test(line)));

  const commentElement = deepQuery(
    row,
    '.customer-comment,[data-testid*="customer-comment" i],[class*="customerComment"]',
  ); // [seen] first
  // Up to the field cap (itemContextSchema): a long buyer comment is kept whole, not cut at the default 2,000.
  let buyerComment = commentElement ? clean(deepText(commentElement), 200_000) : undefined;
  if (buyerComment) buyerComment = buyerComment.replace(LEADING_COMMENT_LABEL, '') || undefined;
  buyerComment ??= label(LABELS.comment);

  let buyer = short(LABELS.buyer);
  if (!buyer) {
    // Greasy Fork 538395 reads the buyer from `kat-label.item-details-text-break-word label span.text` [seen].
    const plain = deepQueryAll(row, 'kat-label.item-details-text-break-word').find(
      (el) => !el.getAttribute('emphasis'),
    );
    const text = plain && clean(plain.getAttribute('text') ?? deepText(plain));
    if (text && text.length <= 80) buyer = text;
  }

  let asin = asinIn(short(LABELS.asin));
  if (!asin) for (const href of links) asin ??= asinOfLink(href);
  asin ??= asinIn(all);

  const marketplaceId = paramOf(links, /^(?:marketplaceId|marketplaceID|marketplace_id|mkid)$/i);
  return makeContext('return', url, {
    orderId,
    returnRequestId,
    buyer,
    sku: short(LABELS.sku),
    asin,
    returnReason,
    returnReasonCode: returnReasonCodeOf(returnReason),
    buyerComment,
    itemDate: dateIn(valueFromLines(lines, LABELS.date)) ?? dateIn(all),
    marketplace: marketplaceId ? marketplaceOfId(marketplaceId) : undefined,
  });
}

/** "ABC-1 ASIN: B0…" → "ABC-1": a short value stops where the next "Label:" on the same line begins. */
function untilNextLabel(value: string | undefined): string | undefined {
  if (!value) return value;
  return value.replace(/\s+[^\s:：]{1,20}(?:\s[^\s:：]{1,20}){0,2}\s*[:：](?:\s.*|$)/u, '').trim() || undefined;
}

const LEADING_COMMENT_LABEL = /^(?:buyer|customer)(?:'s)? comments?\s*[:：]\s*/i;

export const returnsAdapter: PageAdapter = {
  kind: 'returns',
  source: 'return',
  findItems: findReturnRows,
  extract: cachedExtract(extractReturn),
  mountPoint: (item) => (ROW_SELECTORS.some((selector) => item.matches(selector)) ? lastCellOf(item) : item),
};
