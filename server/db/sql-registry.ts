// The sql/ file registry: every .sql file under sql/, addressed by its path without extension
// (e.g. "schema/core"). Files are read once; SQL is never built from request input.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SQL_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'sql');

let cache: Map<string, string> | undefined;

function load(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.sql')) {
        const key = path.relative(SQL_ROOT, full).replace(/\\/g, '/').replace(/\.sql$/, '');
        files.set(key, fs.readFileSync(full, 'utf8'));
      }
    }
  };
  walk(SQL_ROOT);
  return files;
}

/** The text of sql/<name>.sql; throws if there is no such file. */
export function sqlFile(name: string): string {
  cache ??= load();
  const text = cache.get(name);
  if (text === undefined) throw new Error(`No SQL file sql/${name}.sql`);
  return text;
}

/** Names of the registered files under a folder, sorted (so numbered files run in order). */
export function sqlFilesUnder(folder: string): string[] {
  cache ??= load();
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return [...cache.keys()].filter((k) => k.startsWith(prefix)).sort();
}
