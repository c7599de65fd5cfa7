// The built dashboard: where it lives and building it (vite's JS API) when it is missing or
// older than its sources, so `caliper start` and the browser tests always serve the current client.
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const CLIENT_SRC = path.join(REPO, 'client');
/** A dependency change (svelte, vite, apache-arrow) changes the build too. */
const LOCKFILE = path.join(REPO, 'package-lock.json');

/** vite's output (client/vite.config.ts build.outDir). */
export const CLIENT_DIR = path.join(REPO, 'dist', 'client');

function newestSourceMtime(): number {
  let newest = fs.existsSync(LOCKFILE) ? fs.statSync(LOCKFILE).mtimeMs : 0;
  for (const entry of fs.readdirSync(CLIENT_SRC, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export function clientIsStale(): boolean {
  const index = path.join(CLIENT_DIR, 'index.html');
  return !fs.existsSync(index) || fs.statSync(index).mtimeMs < newestSourceMtime();
}

/** Build the client unless it is up to date; true when it built. */
export async function ensureClientBuilt(): Promise<boolean> {
  if (!clientIsStale()) return false;
  // vite is a build tool (devDependency): loaded only when a build is needed, so serving never requires it.
  const { build } = await import('vite');
  await build({ configFile: path.join(CLIENT_SRC, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}
