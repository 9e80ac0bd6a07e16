/**
 * Helpers for the hostile-input e2e specs: Seller Central pages built from the fixtures with hostile data
 * substituted, canaries that notice anything executing, and code run in the content script's own world.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { ATTACKER_HOST, inlineJson } from '../hostile/corpus';
import { fixtureHtml } from './extension';

/** A fixture page whose `const <name> = [...]` data array is replaced by `data` (rendered by the fixture as TEXT). */
export function fixtureWithData(fixture: string, constName: string, data: unknown): string {
  const html = fixtureHtml(fixture);
  const start = html.indexOf(`const ${constName} = [`);
  const end = html.indexOf('\n];', start);
  if (start < 0 || end < 0) throw new Error(`${fixture} has no const ${constName} = [...]`);
  return `${html.slice(0, start)}const ${constName} = ${inlineJson(data)};${html.slice(end + 3)}`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Review cards for reviews-us.html, one per text. */
export function hostileReviews(texts: readonly string[]) {
  return texts.map((text, i) => ({
    id: reviewIdOf(i),
    child: `B0HOST${pad(i, 4)}`,
    stars: (i % 5) + 1,
    agg: '4.0',
    aggCount: 10,
    host: 'www.amazon.com',
    product: text.slice(0, 200),
    title: text.length <= 2_000 ? text : `Huge review ${i}`,
    byline: `Review by Buyer ${i} on March 4, 2026`,
    verified: true,
    body: text,
  }));
}

export const reviewIdOf = (i: number) => `R${pad(i, 4)}HOSTILEXQ`;

/** Return rows for returns-v2.html, one per buyer comment. */
export function hostileReturns(texts: readonly string[]) {
  return texts.map((text, i) => ({
    order: `114-${pad(i, 7)}-7654321`,
    rma: `Dh${pad(i, 4)}Xq`,
    sku: `SKU-${i}`,
    asin: `B0RET${pad(i, 5)}`,
    buyer: `Buyer ${i}`,
    buyerLabel: false,
    product: 'Hostile product',
    reason: 'Defective',
    comment: text,
    date: 'November 18, 2026',
  }));
}

export const MESSAGES_CC = '3f9c2a4e-8b1d-4c6a-9e2f-1a2b3c4d5e6f';

/** One conversation for messages-inbox.html whose buyer wrote every text, one message each. */
export function hostileConversation(texts: readonly string[], buyer: string, subject: string) {
  return [
    {
      cc: MESSAGES_CC,
      order: '114-3941689-8772232',
      asin: 'B0C5X7Y8Z1',
      buyer,
      product: 'Stainless Steel Water Bottle 750 ml, Black',
      subject,
      messages: texts.map((text, i) => ({ from: 'buyer', date: `Nov 20, 2026 9:${pad(i % 60, 2)} AM`, text })),
    },
  ];
}

export interface Canaries {
  dialogs: string[];
  attackerRequests: string[];
}

/** Records every dialog (dismissed) and every request to the attacker host, in every page of the context. */
export function watchCanaries(context: BrowserContext): Canaries {
  const canaries: Canaries = { dialogs: [], attackerRequests: [] };
  context.on('dialog', (dialog) => {
    canaries.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => undefined);
  });
  context.on('request', (request) => {
    try {
      if (new URL(request.url()).hostname.endsWith(ATTACKER_HOST)) canaries.attackerRequests.push(request.url());
    } catch {
      // not a URL we can parse: not the attacker's
    }
  });
  return canaries;
}

/** The page's own globals that a payload would set. */
export async function pwnedGlobals(page: Page): Promise<unknown[]> {
  return page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return [w.__pwned, (window.top as unknown as Record<string, unknown>).__pwned].filter(
      (value) => value !== undefined,
    );
  });
}

/**
 * Evaluates `expression` (an async function body's result) in the content script's isolated world of `page`, through
 * CDP: what the extension's own content script could send. Resolves with the JSON value.
 */
export async function evaluateInContentScript(page: Page, expression: string): Promise<unknown> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; name: string; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (event) => contexts.push(event.context));
  await cdp.send('Runtime.enable');
  const deadline = Date.now() + 10_000;
  let isolated: (typeof contexts)[number] | undefined;
  while (!isolated && Date.now() < deadline) {
    isolated = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://'));
    if (!isolated) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!isolated) throw new Error('No content-script world in this page');
  const result = await cdp.send('Runtime.evaluate', {
    expression,
    contextId: isolated.id,
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  if (result.exceptionDetails) throw new Error(result.exceptionDetails.exception?.description ?? 'evaluation failed');
  return result.result.value;
}
