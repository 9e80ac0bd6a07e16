// Finds Debian's Chromium, installing it with apt when it is missing and we are root (CI, fresh machines).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `Chromium not found at ${CHROMIUM}. Install it with: sudo apt-get install -y --no-install-recommends chromium`,
    );
    process.exit(1);
  }
  console.log('Installing Debian chromium (apt-get)…');
  execSync(
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium',
    {
      stdio: 'inherit',
    },
  );
  return CHROMIUM;
}

/** Chinese and Japanese glyphs for the demo's screenshots (Debian's fonts-noto-cjk), when root and missing. */
export function ensureCjkFonts() {
  try {
    if (execSync('fc-list :lang=zh family', { encoding: 'utf8' }).trim()) return;
  } catch {
    // fc-list is missing too: fontconfig comes with the fonts package.
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.warn(
      'No CJK font found: Chinese text will show as boxes. Install one with: sudo apt-get install fonts-noto-cjk',
    );
    return;
  }
  console.log('Installing Debian fonts-noto-cjk for Chinese and Japanese text (apt-get)…');
  try {
    execSync('DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk', {
      stdio: 'inherit',
    });
  } catch {
    console.warn('Could not install fonts-noto-cjk; Chinese text may show as boxes.');
  }
}
