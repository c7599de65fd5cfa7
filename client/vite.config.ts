// Vite build of the dashboard: client/ is the root, output goes to dist/client, which
// `caliper serve` and `caliper start` serve under the CSP in server/app.ts (script-src 'self': no inline scripts).
import path from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  publicDir: path.join(root, 'public'),
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: path.resolve(root, '..', 'dist', 'client'),
    emptyOutDir: true,
    // Vite inlines small assets as data: URLs; keep everything as files so nothing depends on CSP exceptions.
    assetsInlineLimit: 0,
  },
  server: {
    // `vite --config client/vite.config.ts` during development talks to `caliper serve` on the default port.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
