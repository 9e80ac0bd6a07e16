/** Text helpers shared by every context (kept free of heavy dependencies: the content script uses them). */

/** Sibling-name identity: Unicode NFKC (full-width "Ａ" equals "A"), trimmed, spaces collapsed, case folded. */
export function nameKeyOf(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('en-US');
}

/** Loose form for searching: like nameKeyOf, without any spaces. */
export function searchKeyOf(text: string): string {
  return nameKeyOf(text).replace(/\s+/gu, '');
}

export const PATH_SEPARATOR = ' > ';

/** "Parent > Child" (also full-width ＞) → ["Parent", "Child"], empty levels dropped. */
export function splitTagPath(path: string): string[] {
  return path
    .normalize('NFKC')
    .split('>')
    .map((part) => part.trim().replace(/\s+/gu, ' '))
    .filter((part) => part.length > 0);
}

/** A tag name as stored: NFC, trimmed, inner whitespace collapsed, at most 100 characters. */
export function cleanTagName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ').slice(0, 100);
}

/** 32-bit FNV-1a as 8 hex digits: a short, stable content hash for items without a visible ID. */
export function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
