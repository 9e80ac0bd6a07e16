#!/usr/bin/env node
// The test command: builds the extension, runs the unit tests (vitest) and the end-to-end tests (Playwright in
// Debian's Chromium), then prints one closing line "N passed, N failed" summed from both runners' JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './chromium.mjs';

const REPORTS = 'reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
  return result.status ?? 1;
}

ensureChromium();

const buildFailed = run('npx', ['wxt', 'build']) !== 0;
const unitStatus = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${REPORTS}/vitest.json`,
]);
const e2eStatus = buildFailed ? 1 : run('npx', ['playwright', 'test']);

function readJson(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

let passed = 0;
let failed = 0;
const vitest = readJson(`${REPORTS}/vitest.json`);
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += (vitest.numFailedTests ?? 0) + (vitest.numRuntimeErrorTestSuites ?? 0);
} else failed += 1;
const playwright = readJson(`${REPORTS}/playwright.json`);
if (playwright?.stats) {
  passed += playwright.stats.expected ?? 0;
  failed += (playwright.stats.unexpected ?? 0) + (playwright.stats.flaky ?? 0);
  failed += (playwright.errors ?? []).length;
} else failed += 1;
if (buildFailed) failed += 1;
if (failed === 0 && (unitStatus !== 0 || e2eStatus !== 0)) failed += 1;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
