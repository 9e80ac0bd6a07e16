#!/usr/bin/env node
// `npm run demo`: builds the extension and opens Chromium with it on bundled demo Seller Central pages (the test
// fixtures, served offline at their real Seller Central URLs). With a display, a real window opens: browse and tag,
// close the window to end. Without one (a server, CI), it runs headless: tags one item on every page, saves a
// screenshot of each page, the popup and the options page into demo-output/, and prints where they are.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM, ensureChromium, ensureCjkFonts } from './chromium.mjs';

const EXTENSION_DIR = path.resolve('.output/chrome-mv3');
const OUTPUT_DIR = path.resolve('demo-output');
const FIXTURES = path.resolve('tests/fixtures');

/** Demo pages: the Seller Central URL each fixture is served at, and the tag the headless run applies there. */
const PAGES = [
  {
    name: 'reviews',
    url: 'https://sellercentral.amazon.com/brand-customer-reviews/',
    file: 'reviews-us.html',
    tag: '质量问题 > 螺丝松动',
  },
  {
    name: 'reviews-eu',
    url: 'https://sellercentral-europe.amazon.com/brand-customer-reviews/',
    file: 'reviews-eu.html',
    tag: 'Battery > Dead on arrival',
  },
  {
    name: 'feedback',
    url: 'https://sellercentral.amazon.com/feedback-manager/index.html#/',
    file: 'feedback.html',
    tag: 'Shipping > Late delivery',
  },
  {
    name: 'voc',
    url: 'https://sellercentral.amazon.com/voice-of-the-customer/',
    file: 'voc-list.html',
    tag: '配件缺失 > 螺丝包缺失',
  },
  {
    name: 'messages',
    url: 'https://sellercentral.amazon.com/messaging/inbox-v3?fi=responseNeeded&cc=3f9c2a4e-8b1d-4c6a-9e2f-1a2b3c4d5e6f',
    file: 'messages-inbox.html',
    tag: '充电器无法充电 > 充电器接口问题',
  },
  {
    name: 'returns',
    url: 'https://sellercentral.amazon.com/gp/returns/list/v2',
    file: 'returns-v2.html',
    tag: 'Defective > Will not power on',
  },
];

function fixture(file) {
  return readFileSync(path.join(FIXTURES, file), 'utf8');
}

ensureChromium();
ensureCjkFonts();
if (spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);

const headless = !process.env.DISPLAY || process.argv.includes('--headless');
const context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'sct-demo-')), {
  executablePath: CHROMIUM,
  headless,
  viewport: { width: 1280, height: 900 },
  args: [`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
});
const pagesByUrl = new Map(PAGES.map((page) => [page.url.split('#')[0], fixture(page.file)]));
await context.route('**/*', (route) => {
  // The extension's own pages and their scripts load as usual; only the web is faked.
  if (!/^https?:/.test(route.request().url())) return route.continue();
  const url = route.request().url().split('#')[0];
  const body = pagesByUrl.get(url);
  if (body) return route.fulfill({ body, contentType: 'text/html; charset=utf-8' });
  if (/^https:\/\/sellercentral/.test(url) && route.request().resourceType() === 'document') {
    return route.fulfill({ status: 404, body: '<h1>Not part of the demo</h1>', contentType: 'text/html' });
  }
  return route.abort();
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;

if (!headless) {
  for (const page of PAGES) await (await context.newPage()).goto(page.url);
  await (await context.newPage()).goto(`chrome-extension://${extensionId}/options.html`);
  console.log('Demo running: tag items on the open Seller Central tabs; close the browser to end.');
  await new Promise((resolve) => context.on('close', resolve));
  process.exit(0);
}

mkdirSync(OUTPUT_DIR, { recursive: true });
const shots = [];
for (const demo of PAGES) {
  const page = await context.newPage();
  await page.goto(demo.url);
  const button = page.getByTestId('sct-add-tag').first();
  await button.waitFor({ timeout: 15_000 });
  await button.scrollIntoViewIfNeeded();
  await button.click();
  const input = page.getByTestId('sct-tag-input');
  await input.fill(demo.tag);
  await input.press('Enter');
  await page.getByTestId('sct-tag-chip').first().waitFor();
  const file = path.join(OUTPUT_DIR, `${demo.name}.png`);
  await page.screenshot({ path: file });
  shots.push(file);
  await page.close();
}
for (const view of ['popup', 'options']) {
  const page = await context.newPage();
  await page.setViewportSize(view === 'popup' ? { width: 420, height: 640 } : { width: 1280, height: 900 });
  page.on('pageerror', (error) => console.error(`${view}: ${error.message}`));
  await page.goto(`chrome-extension://${extensionId}/${view}.html`);
  await page.locator('main').first().waitFor();
  await page.waitForTimeout(800);
  const file = path.join(OUTPUT_DIR, `${view}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
}
await context.close();
console.log(
  `Demo done (headless: no display). Screenshots after tagging one item on each page:\n${shots.map((s) => `  ${s}`).join('\n')}`,
);
