/**
 * Keeps `npm run bench` working: the whole bench at tiny sizes against the built extension (.output/chrome-mv3, or
 * SCT_EXTENSION_DIR).
 * It asserts that every figure was produced and that the work was really done (buttons injected, rows exported
 * and imported, chips shown), never how fast: CI machines are shared and noisy.
 */
import { expect, test } from '@playwright/test';
// @ts-expect-error plain ES module without type declarations (bench/ is run by node directly)
import { runBench, SMOKE } from '../../bench/runner.mjs';
import { EXTENSION_DIR } from './extension';

test('the bench runs end to end at tiny sizes and reports every figure', async () => {
  test.setTimeout(180_000);
  const results = await runBench({ ...SMOKE, extensionDir: EXTENSION_DIR, quiet: true });

  const [page] = results.injection;
  expect(page.items).toBe(SMOKE.pages[0]);
  expect(page.buttons).toBe(SMOKE.pages[0]);
  for (const key of ['pageMainThreadMs', 'extMainThreadMs', 'contentScriptJsMs', 'listToLastButtonMs']) {
    expect(Number.isFinite(page[key]), key).toBe(true);
  }

  const [scale] = results.scales;
  expect(scale.seeded).toEqual({
    tags: SMOKE.scales[0].tags,
    items: SMOKE.scales[0].items,
    taggings: SMOKE.scales[0].taggings,
  });
  expect(scale.roundTrip.samples).toBe(SMOKE.roundTrips);
  expect(scale.roundTrip.medianMs).toBeGreaterThan(0);
  expect(scale.roundTrip.pingMedianMs).toBeGreaterThan(0);
  expect(scale.roundTrip.applyMessageMedianMs).toBeGreaterThan(0);
  expect(scale.popupFirstRender.medianMs).toBeGreaterThan(0);
  expect(scale.popupFirstRender.afterWriteMedianMs).toBeGreaterThan(0);
  expect(scale.summary.ratio).toBeGreaterThan(0);
  // Before the exports, the round trip tags one review per sample through the picker and one through a bare message.
  const taggings = SMOKE.scales[0].taggings + 2 * SMOKE.roundTrips;
  expect(scale.exportDetail.rows).toBe(taggings);
  expect(scale.exportDetail.ratio).toBeGreaterThan(0);
  expect(scale.exportSummary.rows).toBeGreaterThan(0);
  expect(scale.importCsv.rejected).toBe(0);
  expect(scale.importCsv.taggingsAfter).toBe(taggings);
  expect(scale.importCsv.ratio).toBeGreaterThan(0);
  expect(scale.restore.ratio).toBeGreaterThan(0);
  expect(scale.scroll.frames).toBeGreaterThan(0);
  expect(scale.storage.bytesPerTagging).toBeGreaterThan(0);

  expect(results.sizes.contentScriptGzipBytes).toBeGreaterThan(1000);
  expect(results.targets.length).toBeGreaterThan(5);
  for (const target of results.targets) expect(typeof target.met, target.name).toBe('boolean');
});
