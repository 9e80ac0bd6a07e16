/**
 * Loads a fixture page (tests/fixtures) into its own happy-dom window with scripts enabled (the fixtures are our
 * own files), at the Seller Central URL it is served at, and waits until its client-side rendering is done.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Window } from 'happy-dom';
import { type ItemContext, itemContextSchema } from '@/lib/model';
import type { PageAdapter } from '@/lib/pages/adapter';

export interface LoadedPage {
  window: Window;
  document: Document;
  url: () => URL;
  close: () => Promise<void>;
}

export async function loadFixture(name: string, url: string): Promise<LoadedPage> {
  const html = readFileSync(path.resolve('tests/fixtures', name), 'utf8');
  const window = new Window({
    url,
    width: 1400,
    height: 900,
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      navigation: { disableChildPageNavigation: true, disableMainFrameNavigation: true },
    } as never,
  });
  window.document.write(html);
  const document = window.document as unknown as Document;
  const deadline = Date.now() + 10_000;
  while (!(window as unknown as { __fixtureReady?: boolean }).__fixtureReady && Date.now() < deadline) {
    if (!/<script/i.test(html)) break;
    await sleep(50);
  }
  return {
    window,
    document,
    url: () => new URL(window.location.href),
    close: () => window.happyDOM.close(),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every item's context, each checked against the model's schema. */
export function contexts(adapter: PageAdapter, page: LoadedPage): ItemContext[] {
  return adapter.findItems(page.document).map((item) => itemContextSchema.parse(adapter.extract(item, page.url())));
}

/** An empty page at `url` in its own window, for DOM built by the test. */
export function blankPage(url: string): LoadedPage {
  const window = new Window({ url, settings: { suppressInsecureJavaScriptEnvironmentWarning: true } as never });
  window.document.write('<!DOCTYPE html><html><head></head><body></body></html>');
  return {
    window,
    document: window.document as unknown as Document,
    url: () => new URL(window.location.href),
    close: () => window.happyDOM.close(),
  };
}
