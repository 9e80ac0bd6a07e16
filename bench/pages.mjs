/**
 * Review pages of any size for the injection bench, made from tests/fixtures/reviews-500.html (the same card
 * markup, Katal shim and render-after-load script) with two additions in <head>: a long-task observer started
 * before anything else runs, and marks around the page's own render so the bench can tell its work from ours.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURE = path.resolve('tests/fixtures/reviews-500.html');

const PROBE = `<script>
window.__bench = { longTasks: [], bars: [] };
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {}
</script>`;

/** Where the content script runs (a Seller Central reviews URL) and where it does not (the page's own baseline). */
export function reviewsUrls(count) {
  return {
    extension: `https://sellercentral.amazon.com/brand-customer-reviews/?pageSize=${count}&bench=1`,
    baseline: `https://www.amazon.com/bench/brand-customer-reviews/?pageSize=${count}`,
  };
}

export function reviewsPage(count) {
  let html = readFileSync(FIXTURE, 'utf8');
  const replace = (from, to) => {
    if (!html.includes(from)) throw new Error(`bench/pages.mjs: the fixture no longer contains ${from}`);
    html = html.replace(from, to);
  };
  replace('<meta charset="utf-8">', `<meta charset="utf-8">\n${PROBE}`);
  replace('i < 500;', `i < ${count};`);
  replace('total-items="500" items-per-page="500"', `total-items="${count}" items-per-page="${count}"`);
  replace(
    "const list = document.getElementById('review-list');",
    "performance.mark('bench-render-start');\n  const list = document.getElementById('review-list');",
  );
  // The list is in the DOM; bars the content script appends into cards are seen from here (light DOM).
  replace(
    'list.appendChild(fragment);',
    `list.appendChild(fragment);
  performance.mark('bench-list-appended');
  new MutationObserver((records) => {
    let added = 0;
    for (const record of records) for (const node of record.addedNodes) if (node.localName === 'sct-item-bar') added++;
    if (added) window.__bench.bars.push({ at: performance.now(), added });
  }).observe(list, { childList: true, subtree: true });
  requestAnimationFrame(() => setTimeout(() => performance.mark('bench-render-painted'), 0));`,
  );
  return html;
}
