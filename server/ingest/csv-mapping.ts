// The flat CSV extract's tables (docs/csv-extract.md) and the per-source mapping file that says how a
// practice's spreadsheets differ from them: file names, header names, date format, local enumerations.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { SourceManifest } from './types.ts';

export interface CsvTable {
  /** Table name; the file is `<table>.csv` unless the mapping names another. */
  table: string;
  /** Core table its rows go to (sql/schema/03_core.sql). */
  coreTable: string;
  /** Canonical columns, in documentation order. */
  columns: readonly string[];
  /** Columns the header must have (a row with one empty is rejected by sql/normalize/csv/<table>.sql). */
  required: readonly string[];
}

/** Every table, in load order: providers and patients first, since other tables reference them. */
export const CSV_TABLES: readonly CsvTable[] = [
  {
    table: 'providers',
    coreTable: 'provider',
    columns: ['provider_id', 'npi', 'family_name', 'given_name', 'specialty_code', 'is_pcp'],
    required: ['provider_id', 'npi'],
  },
  {
    table: 'patients',
    coreTable: 'patient_record',
    columns: [
      'patient_id', 'mrn', 'mbi', 'member_id', 'family_name', 'given_name', 'middle_name', 'birth_date', 'sex',
      'race_code', 'ethnicity_code', 'address_line', 'city', 'state', 'zip', 'phone', 'deceased_date', 'pcp_npi',
    ],
    required: ['patient_id', 'family_name', 'given_name', 'birth_date', 'sex'],
  },
  {
    table: 'encounters',
    coreTable: 'encounter',
    columns: [
      'encounter_id', 'patient_id', 'start', 'end', 'code_system', 'code', 'display', 'class', 'status',
      'provider_npi', 'discharge_code',
    ],
    required: ['encounter_id', 'patient_id', 'start', 'code_system', 'code'],
  },
  {
    table: 'diagnoses',
    coreTable: 'condition',
    columns: [
      'diagnosis_id', 'patient_id', 'code_system', 'code', 'display', 'onset_date', 'abatement_date',
      'recorded_date', 'category', 'clinical_status', 'encounter_id',
    ],
    required: ['diagnosis_id', 'patient_id', 'code_system', 'code', 'onset_date'],
  },
  {
    table: 'results',
    coreTable: 'observation',
    columns: [
      'result_id', 'patient_id', 'code_system', 'code', 'display', 'date', 'value', 'value_text', 'unit',
      'value_code_system', 'value_code', 'systolic', 'diastolic', 'status', 'category', 'encounter_id',
    ],
    required: ['result_id', 'patient_id', 'code_system', 'code', 'date'],
  },
  {
    table: 'procedures',
    coreTable: 'procedure',
    columns: [
      'procedure_id', 'patient_id', 'code_system', 'code', 'display', 'date', 'end_date', 'status',
      'provider_npi', 'body_site_code', 'encounter_id',
    ],
    required: ['procedure_id', 'patient_id', 'code_system', 'code', 'date'],
  },
  {
    table: 'medications',
    coreTable: 'medication_request',
    columns: [
      'medication_id', 'patient_id', 'code_system', 'code', 'display', 'authored_date', 'status', 'intent',
      'supply_days', 'provider_npi', 'encounter_id',
    ],
    required: ['medication_id', 'patient_id', 'code_system', 'code', 'authored_date'],
  },
  {
    table: 'coverage',
    coreTable: 'coverage',
    columns: [
      'coverage_id', 'patient_id', 'payer_name', 'payer_id', 'product', 'payer_type_code', 'subscriber_id',
      'start_date', 'end_date',
    ],
    required: ['coverage_id', 'patient_id', 'payer_name', 'start_date'],
  },
  {
    table: 'claims',
    coreTable: 'claim_line',
    columns: [
      'claim_id', 'line_no', 'patient_id', 'claim_type', 'service_from', 'service_to', 'rendering_npi',
      'billing_tin', 'place_of_service', 'procedure_system', 'procedure_code', 'revenue_code', 'diagnosis_codes',
      'units', 'allowed_amount', 'paid_amount',
    ],
    required: ['claim_id', 'line_no', 'patient_id', 'service_from', 'allowed_amount', 'paid_amount'],
  },
];

const tableNames = CSV_TABLES.map((t) => t.table) as [string, ...string[]];
const tableName = z.enum(tableNames);

/** The mapping file named by `csv_mapping` in source.json; every field optional (defaults = the canonical extract). */
export const csvMappingSchema = z
  .object({
    /** Field delimiter and quote character (the quote doubles as its own escape, RFC 4180). */
    delimiter: z.string().length(1).default(','),
    quote: z.string().length(1).default('"'),
    /** Encodings DuckDB's CSV reader decodes without extensions. */
    encoding: z.enum(['utf-8', 'latin-1', 'utf-16']).default('utf-8'),
    /** strptime formats (DuckDB): dates in every table, and date-times where a column may carry a time. */
    date_format: z.string().min(1).default('%Y-%m-%d'),
    datetime_format: z.string().min(1).optional(),
    files: z.partialRecord(tableName, z.string().min(1)).default({}),
    columns: z.partialRecord(tableName, z.record(z.string(), z.string().min(1))).default({}),
    values: z.partialRecord(tableName, z.record(z.string(), z.record(z.string(), z.string()))).default({}),
  })
  .strict()
  .refine((mapping) => mapping.delimiter !== mapping.quote, { message: 'delimiter and quote must differ', path: ['quote'] })
  .superRefine((mapping, ctx) => {
    // `columns` and `values` may only name canonical columns of their table.
    for (const key of ['columns', 'values'] as const) {
      for (const [table, byColumn] of Object.entries(mapping[key])) {
        const known = new Set(csvTable(table).columns);
        for (const column of Object.keys(byColumn ?? {})) {
          if (!known.has(column)) {
            ctx.addIssue({ code: 'custom', path: [key, table, column], message: `${table} has no column ${column}` });
          }
        }
      }
    }
  });

export type CsvMapping = z.infer<typeof csvMappingSchema>;

export function csvTable(table: string): CsvTable {
  const found = CSV_TABLES.find((t) => t.table === table);
  if (!found) throw new Error(`Unknown CSV table ${table}`);
  return found;
}

/** The mapping of a CSV source: the file named in the manifest, or the defaults when there is none. */
export async function readCsvMapping(folder: string, manifest: SourceManifest): Promise<CsvMapping> {
  if (!manifest.csv_mapping) return csvMappingSchema.parse({});
  const file = path.join(folder, manifest.csv_mapping);
  const parsed = csvMappingSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`Invalid CSV mapping ${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** File name of a table in this source. */
export function tableFileName(mapping: CsvMapping, table: string): string {
  return mapping.files[table] ?? `${table}.csv`;
}

/** strptime formats tried in order for a date or date-time value (spec: dates may carry a time). */
export function dateFormats(mapping: CsvMapping): string[] {
  const withTime = mapping.datetime_format
    ? [mapping.datetime_format]
    : [`${mapping.date_format} %H:%M:%S`, `${mapping.date_format} %H:%M`, `${mapping.date_format}T%H:%M:%S`];
  return [mapping.date_format, ...withTime];
}

/**
 * Which header position holds each canonical column: the header as sent (mapping `columns`, else the
 * canonical name) matched case- and space-insensitively; the first match wins.
 */
export function matchHeader(mapping: CsvMapping, table: CsvTable, header: readonly string[]): Map<string, number> {
  const normal = (s: string) => s.trim().toLowerCase();
  const positions = header.map(normal);
  const sent = mapping.columns[table.table] ?? {};
  const matched = new Map<string, number>();
  for (const column of table.columns) {
    const at = positions.indexOf(normal(sent[column] ?? column));
    if (at >= 0 && ![...matched.values()].includes(at)) matched.set(column, at);
  }
  return matched;
}
