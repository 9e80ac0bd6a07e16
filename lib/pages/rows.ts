/** Finding table-like rows (Katal tables, classic tables, ARIA grids, nested custom elements) and cheap row text. */
import {
  cardsFromMarkers,
  deepQueryAll,
  deepText,
  insideOwnUi,
  isHeaderRow,
  openShadowRoots,
  outermostItems,
  textNodesMatching,
} from './dom';

/**
 * Row selectors shared by every table page: `kat-table > kat-table-body > kat-table-row` (notes §2.6, many
 * scripts), classic `tr`, ARIA `[role=row]`.
 */
export const ROW_SELECTORS = ['kat-table-row', 'tr', '[role="row"]'];

export interface RowSearch {
  /** Extra selectors tried with ROW_SELECTORS (e.g. page-specific row classes or card layouts). */
  extraSelectors?: readonly string[];
  /** Whether a non-header candidate is an item (text is its light textContent; deep text on demand). */
  accept(row: Element, text: RowText): boolean;
  /** When no row matched: text nodes matching this regex mark items; each gets its card-level ancestor. */
  markerRe?: RegExp;
  /** Key of a marker text (e.g. the order ID it contains) for grouping markers of one item. */
  markerKey?(text: string): string | undefined;
}

/** Row text: the cheap light-DOM textContent first, the deep text (shadow roots, Katal attributes) if needed. */
export class RowText {
  private deep: string | undefined;
  constructor(private readonly row: Element) {}
  get light(): string {
    return this.row.textContent ?? '';
  }
  /** Runs `test` on the light text, then (only if that fails) on the deep text. */
  some(test: (text: string) => boolean): boolean {
    if (test(this.light)) return true;
    this.deep ??= deepText(this.row);
    return test(this.deep);
  }
}

export function findRows(doc: Document, search: RowSearch): Element[] {
  const roots = openShadowRoots(doc, true);
  const selector = [...ROW_SELECTORS, ...(search.extraSelectors ?? [])].join(',');
  const rows: Element[] = [];
  for (const row of deepQueryAll(doc, selector, roots)) {
    if (isHeaderRow(row)) continue;
    if (search.accept(row, new RowText(row))) rows.push(row);
  }
  if (rows.length === 0 && search.markerRe) {
    const markers: { el: Element; key: string }[] = [];
    for (const node of textNodesMatching(doc, search.markerRe, roots)) {
      const key = search.markerKey?.(node.nodeValue ?? '') ?? node.nodeValue ?? '';
      if (node.parentElement) markers.push({ el: node.parentElement, key });
    }
    const cards = [...cardsFromMarkers(markers, 6).values()];
    return cards.filter((card) => !isHeaderRow(card) && search.accept(card, new RowText(card)) && !insideOwnUi(card));
  }
  return outermostItems(rows);
}
