/**
 * The marketplace chosen in Seller Central's account switcher, for the EU unified host where the URL alone does not
 * say (notes/seller-central.md §1.2: `.dropdown-account-switcher-header`, older `#partner-switcher > button`).
 */
import { deepQuery, deepText } from './dom';

const SWITCHER_SELECTORS = [
  '.dropdown-account-switcher-header', // [seen]
  '#partner-switcher > button', // older header [seen]
  '[class*="account-switcher" i] [aria-expanded]',
  '[data-testid*="marketplace-switcher" i]',
];

/** Country names as the switcher shows them (English, German, French, Italian, Spanish, Chinese) → code. */
const COUNTRY_NAMES: Array<[RegExp, string]> = [
  [/united kingdom|\buk\b|vereinigtes königreich|royaume-uni|regno unito|reino unido|英国/i, 'UK'],
  [/germany|deutschland|allemagne|germania|alemania|德国/i, 'DE'],
  [/france|frankreich|francia|法国/i, 'FR'],
  [/italy|italien|italie|italia|意大利/i, 'IT'],
  [/spain|spanien|espagne|spagna|españa|西班牙/i, 'ES'],
  [/netherlands|niederlande|pays-bas|paesi bassi|países bajos|荷兰/i, 'NL'],
  [/sweden|schweden|suède|svezia|suecia|瑞典/i, 'SE'],
  [/poland|polen|pologne|polonia|波兰/i, 'PL'],
  [/türkiye|turkey|türkei|turquie|turchia|turquía|土耳其/i, 'TR'],
  [/belgium|belgien|belgique|belgio|bélgica|比利时/i, 'BE'],
  [/ireland|irland|irlande|irlanda|爱尔兰/i, 'IE'],
];

let cached: { doc: Document; at: number; value: string | undefined } | undefined;

/** Read at most once a second: every item on a page asks, and the switcher changes only on a full page switch. */
export function marketplaceOfSwitcher(doc: Document): string | undefined {
  const now = Date.now();
  if (cached?.doc === doc && now - cached.at < 1000) return cached.value;
  cached = { doc, at: now, value: readSwitcher(doc) };
  return cached.value;
}

function readSwitcher(doc: Document): string | undefined {
  for (const selector of SWITCHER_SELECTORS) {
    const element = deepQuery(doc, selector);
    if (!element) continue;
    const text = deepText(element);
    for (const [pattern, code] of COUNTRY_NAMES) if (pattern.test(text)) return code;
  }
  return undefined;
}
