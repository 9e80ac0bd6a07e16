/**
 * UI strings in English and Simplified Chinese, following the browser's UI language. Each feature keeps its
 * strings beside it (`defineStrings`); the type makes a missing Chinese string a compile error.
 * The manifest's own strings (name, description, menu, shortcut) live in public/_locales.
 */
import { browser } from 'wxt/browser';

export type Language = 'en' | 'zh_CN';

let override: Language | undefined;

/** For tests and the demo: force a language. */
export function setLanguage(language: Language | undefined): void {
  override = language;
}

/**
 * Chinese when the browser's UI language or its first preferred language is Chinese (a Chinese team may run an
 * English Chrome with Chinese first in its language list), English otherwise.
 */
export function currentLanguage(): Language {
  if (override) return override;
  // Asked once per context: every string looks it up, and a page of 2,000 item bars spent a third of a second here.
  detected ??= detectLanguage();
  return detected;
}

let detected: Language | undefined;

function detectLanguage(): Language {
  let ui = '';
  try {
    ui = browser.i18n.getUILanguage();
  } catch {
    ui = '';
  }
  const preferred = typeof navigator === 'undefined' ? '' : (navigator.languages?.[0] ?? navigator.language ?? '');
  return /^zh/i.test(ui) || /^zh/i.test(preferred) ? 'zh_CN' : 'en';
}

type Strings<K extends string> = Record<K, string>;

/**
 * `defineStrings({ en: {...}, zh_CN: {...} })` returns `t(key, ...values)`; `{0}`, `{1}` … in a string are
 * replaced by the values.
 */
export function defineStrings<K extends string>(table: { en: Strings<K>; zh_CN: Strings<K> }) {
  return function t(key: K, ...values: Array<string | number>): string {
    const template = table[currentLanguage()][key] ?? table.en[key] ?? key;
    return values.reduce<string>((text, value, i) => text.replaceAll(`{${i}}`, String(value)), template);
  };
}
