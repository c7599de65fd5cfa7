// Environment parsed once, validated with zod; everything else imports `config`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root: defaults are relative to it, so the CLI works from any working directory. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  CALIPER_DB: z.string().min(1).default(path.join(REPO_ROOT, 'data', 'caliper.duckdb')),
  CALIPER_SAMPLES: z.string().min(1).default(path.join(REPO_ROOT, 'data-samples')),
  // Reference data (benchmarks, code lists) and licensed terminology (VSAC value sets carry CPT codes, so
  // they are configured, not committed): defaults to the shared folder beside the repository.
  CALIPER_REFDATA: z.string().min(1).default(path.join(REPO_ROOT, '..', 'shared', 'refdata')),
  CALIPER_VALUE_SETS: z
    .string()
    .min(1)
    .default([path.join(REPO_ROOT, '..', 'shared', 'refdata', 'value_sets'), path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'ecqm')].join(path.delimiter))
    .transform((s) => s.split(path.delimiter).filter(Boolean)),
  CALIPER_POOL_SIZE: z.coerce.number().int().min(1).max(32).default(4),
  CALIPER_DUCKDB_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  CALIPER_DUCKDB_MEMORY: z.string().regex(/^\d+(\.\d+)?\s*[KMGT]i?B$/i).optional(),
  // Measurement year the pipeline computes (calendar year, both ends inclusive); default: the current year.
  CALIPER_PERIOD_YEAR: z.coerce.number().int().min(2000).max(2100).default(new Date().getUTCFullYear()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof Env>;

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const config: Config = parseConfig();
