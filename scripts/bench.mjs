#!/usr/bin/env node
// `npm run bench`: speed and size at seller scale, every figure paired with a baseline from the same run.
// Builds and zips the extension into .output/bench (never touching .output/chrome-mv3, which tests load), runs
// bench/runner.mjs in Debian's Chromium, prints a table and writes bench/results.json (full runs: bench/latest.json too).
//   npm run bench                 full sizes (about 10 minutes on 2 cores)
//   npm run bench -- --smoke      tiny sizes, under a minute (BENCH_SMOKE=1 does the same)
//   npm run bench -- --no-build   reuse .output/bench from the last run
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FULL, runBench, SMOKE } from '../bench/runner.mjs';
import { ensureChromium } from './chromium.mjs';

const args = new Set(process.argv.slice(2));
const smoke = args.has('--smoke') || process.env.BENCH_SMOKE === '1';
const OUT = process.env.BENCH_OUT_DIR ?? '.output/bench';

ensureChromium();
if (!args.has('--no-build')) {
  const built = spawnSync('npx', ['wxt', 'zip', '-c', 'bench/wxt.config.ts'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const extensionDir = path.resolve(OUT, 'chrome-mv3');
const zip = existsSync(OUT) ? readdirSync(OUT).find((name) => name.endsWith('-chrome.zip')) : undefined;

const results = await runBench({
  ...(smoke ? SMOKE : FULL),
  extensionDir,
  zipFile: zip ? path.join(OUT, zip) : undefined,
});

mkdirSync('bench', { recursive: true });
const json = `${JSON.stringify(results, null, 2)}\n`;
writeFileSync('bench/results.json', json);
// A full run's figures are committed (the README's Performance section quotes them); smoke runs are not.
if (!smoke) writeFileSync('bench/latest.json', json);
printTable(results);
console.log(`\nwrote bench/results.json${smoke ? '' : ' and bench/latest.json'}`);

function printTable(r) {
  const m = r.machine;
  console.log(`\n${r.mode} bench, ${r.date}, ${m.cpu} × ${m.cores}, Chromium ${m.chromium}, load ${m.load.join(' ')}`);
  console.log('\nInjection (median of runs; baseline = the same page where the content script does not run)');
  console.table(
    r.injection.map((row) => ({
      items: row.items,
      'page main thread ms': row.pageMainThreadMs,
      'added ms': row.addedMainThreadMs,
      'added ×page': row.addedRatio,
      'content-script JS ms': row.contentScriptJsMs,
      'longest CS task ms': row.contentScriptLongestTaskJsMs,
      'list→last button ms': row.listToLastButtonMs,
      'page render ms': row.pageRenderMs,
    })),
  );
  console.log('Database (per scale)');
  console.table(
    r.scales.map((s) => ({
      taggings: s.taggings,
      'popup ms (after a write; empty)': `${s.popupFirstRender.medianMs} (${s.popupFirstRender.afterWriteMedianMs}; ${s.popupFirstRender.emptyDbMedianMs})`,
      'round trip in DOM ms ×ping (painted ×)': s.roundTrip
        ? `${s.roundTrip.medianMs} / p95 ${s.roundTrip.p95Ms} ×${s.roundTrip.medianRatio} (${s.roundTrip.medianPaintedMs} ×${s.roundTrip.paintedMedianRatio})`
        : '',
      'saved ms (apply ms)': s.roundTrip ? `${s.roundTrip.savedMedianMs} (${s.roundTrip.applyMessageMedianMs})` : '',
      'summary ms ×scan': `${s.summary.medianMs} ×${s.summary.ratio}`,
      'export ms ×unparse': `${s.exportDetail.ms} ×${s.exportDetail.ratio}`,
      'CSV import ms ×bulkAdd': `${s.importCsv.ms} ×${s.importCsv.ratio}`,
      'restore ms ×bulkAdd': `${s.restore.ms} ×${s.restore.ratio}`,
      'scroll frames >50ms': `${s.scroll.framesOver50}/${s.scroll.frames}`,
      'bytes/tagging': s.storage.bytesPerTagging,
    })),
  );
  console.log(
    `Sizes: content script ${(r.sizes.contentScriptGzipBytes / 1024).toFixed(1)} KB gzipped ` +
      `(${(r.sizes.contentScriptBytes / 1024).toFixed(1)} KB raw), store zip ${
        r.sizes.storeZipBytes ? `${(r.sizes.storeZipBytes / 1024).toFixed(1)} KB` : 'not built'
      }`,
  );
  if (r.growth) {
    console.log('\nGrowth exponent from the smaller to the larger scale (1 = linear)');
    console.table(Object.fromEntries(Object.entries(r.growth).map(([k, v]) => [k, v.exponent])));
  }
  console.log('\nTargets');
  for (const t of r.targets)
    console.log(`  ${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.value} ${t.unit} (limit ${t.limit})`);
  console.log(`\n${r.durationS} s in all`);
}
