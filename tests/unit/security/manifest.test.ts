/**
 * The permission surface is a deliberate decision: this test pins the exact permissions, hosts and manifest keys,
 * so that any new permission, host or externally reachable surface fails here first.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SELLER_CENTRAL_HOSTS, SELLER_CENTRAL_MATCHES } from '@/lib/hosts';
import config from '../../../wxt.config';

/** The hosts PRODUCT.md names, written out here on purpose (not derived from lib/hosts.ts). */
const PRODUCT_HOSTS = [
  'sellercentral.amazon.com',
  'sellercentral-europe.amazon.com',
  'sellercentral-japan.amazon.com',
  ...['ca', 'com.mx', 'com.br', 'co.uk', 'de', 'fr', 'it', 'es', 'nl', 'se', 'pl', 'com.tr', 'com.be', 'ie', 'co.jp']
    .concat(['in', 'com.au', 'sg', 'ae', 'sa', 'eg', 'co.za'])
    .map((tld) => `sellercentral.amazon.${tld}`),
];
const PRODUCT_MATCHES = PRODUCT_HOSTS.map((host) => `https://${host}/*`).sort();

/**
 * Each permission and where the code uses it. A permission without a use here is a permission to drop; a new one
 * must be added with its reason.
 */
const PERMISSION_USES: Record<string, { uses: RegExp } | { reason: string }> = {
  // The "Tag selection" entry of the page's right-click menu (entrypoints/background.ts).
  contextMenus: { uses: /\bbrowser\.contextMenus\.(create|onClicked)\b/ },
  // No API: lifts IndexedDB's quota so 100,000+ taggings are never evicted (PRODUCT.md, "Fast on big accounts").
  unlimitedStorage: { reason: 'IndexedDB holds every tagging; without it the browser may evict the data' },
};

const BUILT_MANIFEST = path.resolve('.output/chrome-mv3/manifest.json');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}
const SOURCE = ['lib', 'entrypoints', 'components'].flatMap(sourceFiles).map((file) => readFileSync(file, 'utf8'));

describe('permissions in wxt.config.ts', () => {
  const manifest = (config as { manifest: Record<string, unknown> }).manifest;

  it('asks for exactly the permissions the code uses', () => {
    expect(manifest.permissions).toEqual(Object.keys(PERMISSION_USES));
    for (const [permission, use] of Object.entries(PERMISSION_USES)) {
      if ('uses' in use) {
        expect(
          SOURCE.some((text) => use.uses.test(text)),
          `${permission} is declared but not used`,
        ).toBe(true);
      }
    }
  });

  it('uses no chrome API that needs a permission it does not declare', () => {
    const needsPermission =
      /\bbrowser\.(tabs\.(query|executeScript)|scripting|storage|downloads|cookies|webRequest|history|bookmarks|identity|notifications|alarms|declarativeNetRequest|management|debugger)\b/;
    for (const text of SOURCE) expect(needsPermission.exec(text)?.[0]).toBeUndefined();
  });

  it('makes no network requests: no network API anywhere in the extension code', () => {
    const network = /\bfetch\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource|importScripts\(/;
    for (const text of SOURCE) expect(network.exec(text)?.[0]).toBeUndefined();
  });

  it('host permissions are exactly the Seller Central hosts of PRODUCT.md, never www.amazon.*', () => {
    expect([...(manifest.host_permissions as string[])].sort()).toEqual(PRODUCT_MATCHES);
    expect([...SELLER_CENTRAL_MATCHES].sort()).toEqual(PRODUCT_MATCHES);
    expect([...SELLER_CENTRAL_HOSTS].every((host) => host.startsWith('sellercentral'))).toBe(true);
  });

  it('is reachable by no web page or other extension', () => {
    expect(manifest).not.toHaveProperty('externally_connectable');
    expect(manifest).not.toHaveProperty('web_accessible_resources');
    expect(manifest).not.toHaveProperty('content_security_policy');
  });
});

describe.skipIf(!existsSync(BUILT_MANIFEST))('the built Chrome manifest (.output/chrome-mv3)', () => {
  const built = existsSync(BUILT_MANIFEST) ? JSON.parse(readFileSync(BUILT_MANIFEST, 'utf8')) : {};

  it('has exactly the expected top-level keys', () => {
    expect(Object.keys(built).sort()).toEqual(
      [
        'action',
        'background',
        'browser_specific_settings',
        'commands',
        'content_scripts',
        'default_locale',
        'description',
        'host_permissions',
        'manifest_version',
        'name',
        'options_ui',
        'permissions',
        'version',
      ].sort(),
    );
    expect(built.manifest_version).toBe(3);
  });

  it('permissions, host permissions and content-script matches are exactly the expected ones', () => {
    expect(built.permissions).toEqual(['contextMenus', 'unlimitedStorage']);
    expect(built).not.toHaveProperty('optional_permissions');
    expect(built).not.toHaveProperty('optional_host_permissions');
    expect([...built.host_permissions].sort()).toEqual(PRODUCT_MATCHES);
    expect(built.content_scripts).toHaveLength(1);
    expect([...built.content_scripts[0].matches].sort()).toEqual(PRODUCT_MATCHES);
    expect(built.content_scripts[0]).not.toHaveProperty('all_frames');
    expect(JSON.stringify(built)).not.toMatch(/www\.amazon|<all_urls>|\*:\/\/\*|https?:\/\/\*\//);
  });

  it('has no externally_connectable, web-accessible resources or relaxed CSP', () => {
    expect(built).not.toHaveProperty('externally_connectable');
    expect(built).not.toHaveProperty('web_accessible_resources');
    expect(built).not.toHaveProperty('content_security_policy');
  });
});
