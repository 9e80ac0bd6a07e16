/**
 * Voice of the Customer (`/voice-of-the-customer/`, detail `details?asin=<ASIN>&sku=<SKU>`), notes/seller-central.md
 * §2.3: a table of `kat-table-row`/`tr`/`[role=row]` rows, one per offer [seen/claimed], possibly nested custom
 * elements instead [claimed]. Columns: product name + ASIN, SKU, condition, fulfilment, NCX rate, NCX orders,
 * total orders, star rating, return rate, top NCX reason, last updated, CX health.
 * On the detail view each customer comment / return entry is an item; if none is recognised, the ASIN block is.
 */
import type { ItemContext } from '../model';
import type { PageAdapter } from './adapter';
import { cachedExtract, makeContext } from './context';
import {
  ASIN_RE,
  ASIN_RE_G,
  asinIn,
  asinOfLink,
  cellsByColumn,
  cellsOf,
  collapse,
  columnLabelsOf,
  composedParent,
  dateIn,
  deepLines,
  deepQuery,
  deepQueryAll,
  deepText,
  isHeaderRow,
  lastCellOf,
  openShadowRoots,
  orderIdIn,
  outermostItems,
  ratingInText,
  ratingOfElement,
  STAR_SELECTORS,
  starsOf,
  textNodesMatching,
  valueFromLines,
} from './dom';
import { returnReasonCodeOf } from './returnReasons';
import { findRows, ROW_SELECTORS } from './rows';

export const VOC_ROW_SELECTORS = [
  '[data-testid*="listing-row" i],[data-testid*="offer-row" i]', // [guess]
  '[class*="listing-row" i],[class*="listingRow"]', // [guess]
];

export const VOC_COLUMNS = {
  product: /product|title|item name|商品|产品|名称|produkt|produit|producto|prodotto/,
  asin: /^asin$|\basin\b/,
  sku: /sku/,
  rating: /star|rating|评分|星级|評価|bewertung|évaluation|valutazione/,
  reason: /reason|原因|理由|grund|raison|motivo/,
  comment: /comment|feedback|评论|留言|コメント|kommentar|commentaire|comentario|commento/,
  date: /date|日期|日付|datum|fecha|data/,
};

/** Product blocks on the detail view (the fallback item there). */
const PRODUCT_BLOCK_SELECTORS = [
  '[data-testid*="product-details" i],[data-testid*="asin-details" i],[data-testid*="product-info" i]', // [guess]
  '[class*="product-details" i],[class*="productDetails"],[class*="asin-details" i],[class*="product-info" i],[class*="productInfo"]', // [guess]
];

function isDetailsUrl(url: URL): boolean {
  return /\/details\b/i.test(url.pathname) || url.searchParams.has('asin');
}

function rowHasAsin(row: Element): boolean {
  if (ASIN_RE.test(row.textContent ?? '')) return true;
  for (const link of row.querySelectorAll('[href]')) if (asinOfLink(link.getAttribute('href'))) return true;
  return ASIN_RE.test(deepText(row));
}

/** On the detail view: rows of a table whose header has a comment/feedback/reason column. */
function commentRows(doc: Document): Element[] {
  const roots = openShadowRoots(doc, true);
  const rows: Element[] = [];
  for (const row of deepQueryAll(doc, ROW_SELECTORS.join(','), roots)) {
    if (isHeaderRow(row)) continue;
    const labels = columnLabelsOf(row);
    const hasCommentColumn = labels.some((label) => VOC_COLUMNS.comment.test(label) || VOC_COLUMNS.reason.test(label));
    if (hasCommentColumn ? deepText(row).length > 0 : cellsOf(row).some((cell) => deepText(cell).length >= 25)) {
      rows.push(row);
    }
  }
  return outermostItems(rows);
}

function productBlock(doc: Document, url: URL): Element | undefined {
  const roots = openShadowRoots(doc, true);
  const block = deepQuery(doc, PRODUCT_BLOCK_SELECTORS, roots);
  if (block) return block;
  const asin = url.searchParams.get('asin')?.toUpperCase();
  const re = asin && /^[A-Z0-9]{10}$/.test(asin) ? new RegExp(`\\b${asin}\\b`) : ASIN_RE;
  const node = textNodesMatching(doc, re, roots)[0];
  let el: Element | undefined = node?.parentElement ?? undefined;
  // Climb a little: the ASIN's line → its product block, never past a table or the page body.
  for (let i = 0; el && i < 3; i++) {
    const parent = composedParent(el);
    if (
      !parent ||
      /^(body|html|main)$/.test(parent.localName) ||
      parent.querySelector('table,kat-table,[role="table"]')
    )
      break;
    el = parent;
  }
  return el;
}

function findVocItems(doc: Document): Element[] {
  const url = new URL(doc.URL || 'https://sellercentral.amazon.com/');
  if (isDetailsUrl(url)) {
    const rows = commentRows(doc);
    if (rows.length > 0) return rows;
    const block = productBlock(doc, url);
    return block ? [block] : [];
  }
  return findRows(doc, {
    extraSelectors: VOC_ROW_SELECTORS,
    accept: (row) => rowHasAsin(row),
    markerRe: ASIN_RE,
    markerKey: asinIn,
  });
}

/** The product name among a cell's or block's lines: not an ASIN/SKU label, rating, number or date. */
function productTitle(lines: string[], asin: string | undefined, sku: string | undefined): string | undefined {
  for (const raw of lines) {
    const line = collapse(raw.replace(ASIN_RE_G, ' ').replace(/\basin\b\s*[:：]?/i, ' '));
    if (line.length < 2 || line === asin || line === sku) continue;
    if (/^(?:asin|sku|fnsku|condition|fulfil|ncx|cx health)/i.test(line)) continue;
    if (ratingInText(line) || /^[\d.,%\s/-]+$/.test(line) || dateIn(line) === line) continue;
    return line;
  }
  return undefined;
}

function extractVoc(item: Element, url: URL): ItemContext {
  const details = isDetailsUrl(url);
  const cells = cellsByColumn(item, VOC_COLUMNS);
  const lines = deepLines(item);
  const all = lines.join(' ');
  const cellText = (cell: Element | undefined) => (cell ? deepText(cell) : undefined);

  let asin = asinIn(cellText(cells.asin)) ?? asinIn(cellText(cells.product));
  if (!asin) {
    for (const link of deepQueryAll(item, '[href]')) {
      asin = asinOfLink(link.getAttribute('href'));
      if (asin) break;
    }
  }
  asin ??= asinIn(all) ?? (details ? url.searchParams.get('asin')?.toUpperCase() : undefined);

  let sku = cellText(cells.sku)?.replace(/^(?:merchant\s+)?sku\s*[:：]?\s*/i, '');
  sku ||= valueFromLines(lines, /^(?:merchant |seller )?sku$/i);
  if (!sku && details) sku = url.searchParams.get('sku') ?? undefined;

  let title: string | undefined;
  if (cells.product) title = productTitle(deepLines(cells.product), asin, sku);
  if (!title && details && item.ownerDocument) {
    const block = productBlock(item.ownerDocument, url);
    title = productTitle(block && block !== item ? deepLines(block) : lines, asin, sku);
  }
  if (!title && !details) title = productTitle(lines, asin, sku);

  const star = deepQuery(cells.rating ?? item, STAR_SELECTORS);
  let rating = star ? ratingOfElement(star) : undefined;
  if (!rating && cells.rating) {
    const text = deepText(cells.rating);
    rating = /^\d(?:[.,]\d+)?$/.test(text) ? starsOf(text) : ratingInText(text);
  }
  rating ??= ratingInText(all);

  const reason =
    cellText(cells.reason) ?? valueFromLines(lines, /^(?:top )?(?:ncx |return )?reason$|^(?:退货)?原因$|^理由$/i);
  let comment = cellText(cells.comment) ?? valueFromLines(lines, /^(?:customer |buyer )?comments?$|^评论$|^コメント$/i);
  if (!comment && details && !cells.product) {
    comment = cellsOf(item)
      .map((cell) => deepText(cell))
      .sort((a, b) => b.length - a.length)[0];
  }
  return makeContext('voc', url, {
    asin,
    sku,
    title,
    rating,
    returnReason: reason,
    returnReasonCode: returnReasonCodeOf(reason),
    buyerComment: comment,
    text: comment,
    itemDate: dateIn(cellText(cells.date)) ?? (details ? dateIn(all) : undefined),
    orderId: orderIdIn(all),
  });
}

export const vocAdapter: PageAdapter = {
  kind: 'voc',
  source: 'voc',
  findItems: findVocItems,
  extract: cachedExtract(extractVoc),
  mountPoint: (item) => (ROW_SELECTORS.some((selector) => item.matches(selector)) ? lastCellOf(item) : item),
};
