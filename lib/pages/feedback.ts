/**
 * Feedback Manager (`/feedback-manager/index.html#/`): one item per feedback row (notes/seller-central.md §2.2).
 * Evidence: Selenium scripts read `kat-tab.tab-selected > feedback-list > kat-table > kat-table-body > kat-table-row`
 * and split the row into Date, Rating, Order ID, Comments [seen]; the newer version renders ratings as
 * `kat-star-rating[value]` [claimed]. Rows without an order ID and without a rating (headers, summaries) are skipped.
 */
import type { ItemContext } from '../model';
import type { PageAdapter } from './adapter';
import { cachedExtract, makeContext } from './context';
import {
  cellsByColumn,
  cellsOf,
  DATE_RE,
  dateIn,
  deepLines,
  deepQuery,
  deepText,
  lastCellOf,
  ORDER_ID_RE,
  orderIdIn,
  ratingInText,
  ratingOfElement,
  STAR_SELECTORS,
  starsOf,
} from './dom';
import { findRows } from './rows';

export const FEEDBACK_ROW_SELECTORS = [
  'feedback-list kat-table-row', // [seen]
  '[data-testid*="feedback-row" i]', // [guess]
  '.feedback-row,[class*="feedbackRow"]', // [guess]
];

/** Column header patterns (English, Chinese, Japanese, German, French, Spanish, Italian). */
export const FEEDBACK_COLUMNS = {
  date: /date|日期|日付|datum|fecha|data/,
  rating: /rating|评级|评分|星级|評価|bewertung|évaluation|note|calificación|valutazione/,
  orderId: /order|订单|注文|bestell|commande|pedido|ordine/,
  comment: /comment|评论|留言|评价内容|コメント|kommentar|commentaire|comentario|commento/,
};

function hasRatingElement(row: Element): boolean {
  return deepQuery(row, STAR_SELECTORS.slice(0, 3)) !== null;
}

function findFeedbackRows(doc: Document): Element[] {
  return findRows(doc, {
    extraSelectors: FEEDBACK_ROW_SELECTORS,
    accept: (row, text) =>
      text.some((t) => ORDER_ID_RE.test(t)) || (hasRatingElement(row) && text.some((t) => DATE_RE.test(t))),
    markerRe: ORDER_ID_RE,
    markerKey: orderIdIn,
  });
}

function ratingOfRow(row: Element, ratingCell: Element | undefined): number | undefined {
  const star = deepQuery(ratingCell ?? row, STAR_SELECTORS);
  const fromStar = star && ratingOfElement(star);
  if (fromStar) return fromStar;
  if (ratingCell) {
    const text = deepText(ratingCell);
    return /^\d(?:[.,]\d)?$/.test(text) ? starsOf(text) : ratingInText(text);
  }
  // No header: a cell that is just a digit 1–5, or a star phrase.
  for (const cell of cellsOf(row)) {
    const text = deepText(cell);
    if (/^[1-5]$/.test(text)) return starsOf(text);
  }
  return ratingInText(deepText(row));
}

function extractFeedback(row: Element, url: URL): ItemContext {
  const cells = cellsByColumn(row, FEEDBACK_COLUMNS);
  const lines = deepLines(row);
  const all = lines.join(' ');
  const orderId = orderIdIn(cells.orderId && deepText(cells.orderId)) ?? orderIdIn(all);
  const date = dateIn(cells.date && deepText(cells.date)) ?? dateIn(all);
  let comment = cells.comment && deepText(cells.comment);
  if (!comment) {
    // No header: the longest cell that is not the date, rating or order ID.
    const candidates = cellsOf(row)
      .map((cell) => deepText(cell))
      .filter((text) => text && text !== date && !ORDER_ID_RE.test(text) && !/^[1-5](?:[.,]0)?$/.test(text));
    comment = candidates.sort((a, b) => b.length - a.length)[0];
    if (candidates.length <= 1) {
      const details = deepQuery(row, '#feedback-details,[id*="feedback-details"],[class*="comment" i]');
      if (details) comment = deepText(details) || comment;
    }
  }
  return makeContext('feedback', url, {
    orderId,
    rating: ratingOfRow(row, cells.rating),
    itemDate: date,
    text: comment,
  });
}

export const feedbackAdapter: PageAdapter = {
  kind: 'feedback',
  source: 'feedback',
  findItems: findFeedbackRows,
  extract: cachedExtract(extractFeedback),
  mountPoint: lastCellOf,
};
