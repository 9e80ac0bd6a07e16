import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { SELLER_CENTRAL_MATCHES } from './lib/hosts';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    // The content script uses the browser's own promise-based API (Chrome MV3 and Firefox both have one):
    // webextension-polyfill was a tenth of it (about 2.7 KB gzipped). Background and extension pages keep it.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) return;
      const native = { find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' };
      const alias = config.resolve?.alias;
      const rest = Array.isArray(alias)
        ? alias
        : Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
      config.resolve = { ...config.resolve, alias: [native, ...rest] };
    },
  },
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['contextMenus', 'unlimitedStorage'],
    host_permissions: [...SELLER_CENTRAL_MATCHES],
    action: { default_title: '__MSG_extName__' },
    commands: {
      'tag-selection': {
        suggested_key: { default: 'Alt+Shift+T' },
        description: '__MSG_commandTagSelection__',
      },
    },
    browser_specific_settings: {
      gecko: {
        id: 'after-sales-tags@sellertools.local',
        strict_min_version: '140.0',
        // Nothing is collected or transmitted: all data stays in the browser.
        data_collection_permissions: { required: ['none'] },
      },
    },
  },
});
