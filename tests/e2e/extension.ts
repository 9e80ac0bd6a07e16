/**
 * Playwright fixtures: Debian's Chromium with the built extension (.output/chrome-mv3) loaded, every network
 * request aborted except Seller Central URLs, which are fulfilled from fixture pages in tests/fixtures.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, test as base, chromium, type Page, type Worker } from '@playwright/test';

// SCT_EXTENSION_DIR lets several builds be tested side by side (e.g. one per work in progress).
export const EXTENSION_DIR = path.resolve(process.env.SCT_EXTENSION_DIR ?? '.output/chrome-mv3');
export const FIXTURES_DIR = path.resolve('tests/fixtures');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function fixtureHtml(name: string): string {
  return readFileSync(path.join(FIXTURES_DIR, name), 'utf8');
}

/** URL (without hash) → HTML body. Unknown Seller Central URLs get a plain 404 page. */
export class FakeSellerCentral {
  private readonly pages = new Map<string, string>();

  serve(url: string, html: string): string {
    this.pages.set(stripHash(url), html);
    return url;
  }

  fixture(fixtureName: string): string {
    return fixtureHtml(fixtureName);
  }

  serveFixture(url: string, fixtureName: string): string {
    return this.serve(url, fixtureHtml(fixtureName));
  }

  lookup(url: string): string | undefined {
    return this.pages.get(stripHash(url));
  }
}

function stripHash(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.toString();
}

interface ExtensionFixtures {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  sellerCentral: FakeSellerCentral;
  /** Opens an extension page (popup.html, options.html). */
  openExtensionPage: (file: string) => Promise<Page>;
}

export interface LaunchOptions {
  locale?: string;
}

export async function launchWithExtension(userDataDir: string, options: LaunchOptions = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: options.locale ?? 'en-US',
    acceptDownloads: true,
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      `--lang=${options.locale ?? 'en-US'}`,
    ],
  });
}

export async function routeSellerCentral(context: BrowserContext, sellerCentral: FakeSellerCentral): Promise<void> {
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    // The extension's own pages and their scripts load as usual; only the web is faked.
    if (!/^https?:/.test(url)) return route.continue();
    const host = new URL(url).hostname;
    if (/^sellercentral(-europe|-japan)?\.amazon\./.test(host) || /^www\.amazon\./.test(host)) {
      const body = sellerCentral.lookup(url);
      if (body !== undefined) return route.fulfill({ body, contentType: 'text/html; charset=utf-8' });
      if (route.request().resourceType() === 'document') {
        return route.fulfill({ status: 404, body: '<html><body>Not found</body></html>', contentType: 'text/html' });
      }
    }
    return route.abort();
  });
}

/** The extension's service worker; polls too, since it may register between a look and a wait. */
export async function extensionServiceWorker(context: BrowserContext): Promise<Worker> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const worker = context.serviceWorkers()[0];
    if (worker) return worker;
    await context.waitForEvent('serviceworker', { timeout: 1_000 }).catch(() => undefined);
  }
  throw new Error(`The extension's service worker did not start: is ${EXTENSION_DIR} built?`);
}

export const test = base.extend<ExtensionFixtures>({
  context: async ({ locale }, use) => {
    const userDataDir = mkdtempSync(path.join(tmpdir(), 'sct-e2e-'));
    const context = await launchWithExtension(userDataDir, { locale });
    await use(context);
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  },
  serviceWorker: async ({ context }, use) => {
    await use(await extensionServiceWorker(context));
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
  sellerCentral: async ({ context }, use) => {
    const sellerCentral = new FakeSellerCentral();
    await routeSellerCentral(context, sellerCentral);
    await use(sellerCentral);
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (file: string) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    });
  },
});

export const expect = test.expect;

/** Every record of the extension's IndexedDB, read through an extension page (same origin as the background). */
export async function readDatabase(page: Page): Promise<{ tags: any[]; items: any[]; taggings: any[] }> {
  return page.evaluate(async () => {
    const open = indexedDB.open('after-sales-tags');
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const readAll = (store: string) =>
      new Promise<any[]>((resolve, reject) => {
        if (!db.objectStoreNames.contains(store)) return resolve([]);
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const result = { tags: await readAll('tags'), items: await readAll('items'), taggings: await readAll('taggings') };
    db.close();
    return result;
  });
}
