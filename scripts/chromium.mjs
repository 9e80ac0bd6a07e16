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
