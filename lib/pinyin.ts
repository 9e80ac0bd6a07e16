import { pinyin } from 'pinyin-pro';

/**
 * Pinyin initials of the Han characters in a name (配件缺失 → "pjqs"); other characters are kept as they are,
 * lower-cased, so "USB接口" → "usbjk". Runs in the background only: the dictionary is too big for the page.
 */
export function pinyinInitialsOf(name: string): string {
  if (!/\p{Script=Han}/u.test(name)) return '';
  const letters = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' });
  return letters.join('').replace(/\s+/gu, '').toLowerCase();
}
