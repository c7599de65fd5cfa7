// A practice's source folder: `source.json` (the SourceManifest of types.ts) validated with zod, and the
// discovery of practice folders below the paths an operator names.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { SourceManifest } from './types.ts';

export const MANIFEST_FILE = 'source.json';

/** A path relative to the practice folder that stays inside it. */
const relativeFile = z
  .string()
  .min(1)
  .refine((p) => !path.isAbsolute(p) && !p.split(/[\\/]/).includes('..'), 'must be a path inside the practice folder');

const ManifestSchema = z.strictObject({
  practice_id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (max 64), e.g. "P01"'),
  name: z.string().min(1),
  tin: z.string().regex(/^\d{2}-?\d{7}$/, '9 digits, e.g. 123456789 or 12-3456789').optional(),
  ehr: z.string().min(1).optional(),
  format: z.enum(['fhir', 'csv', 'cclf']),
  code_map: relativeFile.optional(),
  csv_mapping: relativeFile.optional(),
}) satisfies z.ZodType<SourceManifest>;

/** Read and validate `<folder>/source.json`; the error names the file and every problem found. */
export async function readManifest(folder: string): Promise<SourceManifest> {
  const file = path.join(folder, MANIFEST_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file}: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/**
 * The practice folders named by `paths`: each path is a practice folder (it holds source.json) or a
 * folder with practice folders somewhere below it. Sorted, without duplicates. Throws when a path cannot
 * be read or holds no practice folder, so an operator's typo is not a silent no-op.
 */
export async function findPracticeFolders(paths: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths) {
    const root = path.resolve(given);
    const stat = await fs.stat(root).catch(() => undefined);
    if (!stat?.isDirectory()) throw new Error(`${given}: not a readable folder`);
    const before = found.size;
    await collect(root, found);
    if (found.size === before) throw new Error(`${given}: no ${MANIFEST_FILE} in it or below it`);
  }
  return [...found].sort();
}

async function collect(folder: string, found: Set<string>): Promise<void> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && e.name === MANIFEST_FILE)) found.add(folder);
  // Sub-folders too: a practice folder may nest another practice (its files are not the outer one's).
  for (const e of entries) if (e.isDirectory()) await collect(path.join(folder, e.name), found);
}
