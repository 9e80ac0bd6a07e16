/**
 * CSS of the injected UI. It lives inside open shadow roots, so Seller Central's CSS cannot reach in; `:host`
 * resets what inherits from outside, and the host is inline so it cannot stretch the page's layout.
 */
export const BASE_CSS = `
:host { all: initial; font: 12px/1.4 "Amazon Ember", Arial, "PingFang SC", "Microsoft YaHei", sans-serif; color: #0f1111; }
* { box-sizing: border-box; }
button { font: inherit; cursor: pointer; }
`;

/**
 * The bar host's own box, in place before the page is first laid out with thousands of them (the host's shadow
 * root and sheet go on when it is made, see ItemBar). It is the size of the button before the button is in it, so
 * filling it in moves nothing, and renders only near the viewport (content-visibility): a page of 2,000 items lays
 * out the dozen on screen. The padding keeps the button's focus outline inside the paint containment that
 * content-visibility brings; the margins make up for it.
 */
export const BAR_HOST_STYLE =
  'display:flex;flex-wrap:wrap;align-items:center;gap:4px;margin:3px -3px -1px;padding:3px;max-width:100%;' +
  'min-height:22px;content-visibility:auto;contain-intrinsic-size:auto 22px';

/**
 * BAR_HOST_STYLE as the bar sheet's :host rule: one rule shared by every host, where a style attribute per host
 * made each one's style costly to compute. Important, as the page's CSS would otherwise win over a :host rule (an
 * !important one in a shadow root's sheet beats the page's own !important rules too).
 */
const BAR_HOST_CSS = `:host { ${BAR_HOST_STYLE.split(';')
  .map((declaration) => `${declaration} !important`)
  .join('; ')} }`;

export const BAR_CSS = `${BASE_CSS}
${BAR_HOST_CSS}
.chips { display: contents; }
.add { display: inline-flex; align-items: center; gap: 3px; padding: 1px 8px; min-height: 22px; border: 1px solid #8d9096;
  border-radius: 11px; background: #fff; color: #0f1111; }
.add:hover { background: #f0f2f2; }
.add:focus-visible, .chip button:focus-visible, .undo:focus-visible { outline: 2px solid #007185; outline-offset: 1px; }
.chip { display: inline-flex; align-items: center; gap: 4px; max-width: 280px; padding: 1px 3px 1px 8px; min-height: 22px;
  border-radius: 11px; background: #eef3fd; border: 1px solid var(--chip-color, #5b8def); }
.chip .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--chip-color, #5b8def); flex: none; }
.chip .label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chip .snip { color: #565959; font-style: italic; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 90px; }
.chip button { border: 0; background: transparent; color: #565959; padding: 0 4px; border-radius: 50%; line-height: 16px; }
.chip button:hover { background: #d5d9d9; color: #0f1111; }
.chip.pending { opacity: .7; border-style: dashed; }
.chip.pending .label { font-style: italic; }
.chip.pending .dot { background: transparent; border: 2px solid var(--chip-color, #5b8def); border-right-color: transparent;
  animation: sct-spin .8s linear infinite; }
.chip button:disabled { cursor: progress; opacity: .5; background: transparent; }
@keyframes sct-spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .chip.pending .dot { animation: none; } }
.toast { color: #565959; }
.undo { border: 0; background: none; color: #007185; text-decoration: underline; padding: 0 2px; }
.error { color: #b12704; }
`;
