// Patient attribution: each enterprise patient to one practice and one provider per measurement period,
// by primary-care visits (default) or MSSP-style claims. The rules live in sql/attribution/<method>.sql;
// this module loads their reference lists and runs one method for one period into patient_attribution.
import path from 'node:path';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { SQL_ROOT, sqlFile } from '../db/sql-registry.ts';

export const ATTRIBUTION_METHODS = ['visits', 'claims'] as const;
export type AttributionMethod = (typeof ATTRIBUTION_METHODS)[number];

/** Codes Caliper adds to the MSSP list for visit attribution (preventive visits), shipped with the SQL. */
export const SERVICE_CODE_EXTENSION = path.join(SQL_ROOT, 'attribution', 'primary_care_service_codes_extension.csv');

/** The reference tables loaded from CSV; each row keeps the file it came from (column `source`). */
export type ReferenceTable = 'primary_care_service_code' | 'primary_care_specialty' | 'mips_benchmark';

/**
 * Loads a reference CSV with sql/<loader>.sql ($path, $source) after deleting the rows an earlier version of the
 * same file (same name) brought, in one transaction; returns the rows loaded.
 */
export async function replaceReferenceRows(
  db: Database,
  table: ReferenceTable,
  loader: string,
  csvPath: string,
): Promise<number> {
  const source = path.basename(csvPath);
  return db.transaction(async (c) => {
    await c.run(`DELETE FROM ${table} WHERE source = $source`, { source });
    const result = await c.run(sqlFile(loader), { path: csvPath, source });
    return Number(result.rowsChanged);
  });
}

/** Loads a primary-care service code list (layout of refdata/cclf/primary_care_service_codes.csv). */
export function loadPrimaryCareServiceCodes(db: Database, csvPath: string): Promise<number> {
  return replaceReferenceRows(db, 'primary_care_service_code', 'attribution/load_service_codes', csvPath);
}

/** Loads the assignment specialties (layout of refdata/cclf/primary_care_specialty_codes.csv). */
export function loadPrimaryCareSpecialties(db: Database, csvPath: string): Promise<number> {
  return replaceReferenceRows(db, 'primary_care_specialty', 'attribution/load_specialties', csvPath);
}

/** Loads everything attribution reads from refdata: the MSSP code and specialty lists, plus Caliper's extension. */
export async function loadAttributionReference(db: Database, refdataDir: string): Promise<void> {
  await loadPrimaryCareServiceCodes(db, path.join(refdataDir, 'cclf', 'primary_care_service_codes.csv'));
  await loadPrimaryCareServiceCodes(db, SERVICE_CODE_EXTENSION);
  await loadPrimaryCareSpecialties(db, path.join(refdataDir, 'cclf', 'primary_care_specialty_codes.csv'));
}

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const AttributionRequest = z
  .object({
    periodStart: IsoDate,
    periodEnd: IsoDate,
    method: z.enum(ATTRIBUTION_METHODS).default('visits'),
  })
  .refine((r) => r.periodStart <= r.periodEnd, 'periodStart must not be after periodEnd');
export type AttributionRequest = z.input<typeof AttributionRequest>;

export interface AttributionSummary {
  periodStart: string;
  periodEnd: string;
  method: AttributionMethod;
  /** Patients attributed to a practice. */
  attributed: number;
  /** Patients per rule, e.g. { 'visits:period': 812, 'visits:lookback': 40 }. */
  byRule: Record<string, number>;
  ms: number;
}

/** Recomputes patient_attribution for one period and method (replacing that period's earlier rows). */
export async function computeAttribution(db: Database, request: AttributionRequest): Promise<AttributionSummary> {
  const { periodStart, periodEnd, method } = AttributionRequest.parse(request);
  const params = { period_start: periodStart, period_end: periodEnd, method };
  const started = performance.now();
  await db.transaction(async (c) => {
    await c.run(
      `DELETE FROM patient_attribution
       WHERE period_start = $period_start::DATE AND period_end = $period_end::DATE AND method = $method`,
      params,
    );
    await c.run(sqlFile(`attribution/${method}`), { period_start: periodStart, period_end: periodEnd });
  });
  const ms = Math.round(performance.now() - started);
  const rows = await db.query(
    `SELECT rule, count(*) AS patients
     FROM patient_attribution
     WHERE period_start = $period_start::DATE AND period_end = $period_end::DATE AND method = $method
     GROUP BY rule
     ORDER BY rule`,
    params,
  );
  const byRule = Object.fromEntries(rows.map((r) => [String(r.rule), Number(r.patients)]));
  const attributed = Object.values(byRule).reduce((sum, n) => sum + n, 0);
  return { periodStart, periodEnd, method, attributed, byRule, ms };
}
