// Loads value sets into value_set / value_set_code: FHIR R4 ValueSet JSON files (expansion, or compose concept
// lists) and the refdata CSV layout (value_sets.csv + value_set_codes*.csv, see refdata/value_sets/SOURCES.md).
// Parsing, canonical code systems, truncation detection and de-duplication are SQL (sql/terminology/);
// this module finds the files and runs the steps in one transaction. Loading the same files again adds nothing.
import fs from 'node:fs';
import path from 'node:path';
import { listValue } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { rowsAsJson } from '../db/json.ts';
import { sqlFile } from '../db/sql-registry.ts';

export interface ValueSetSummary {
  value_set_id: string;
  version: string;
  name: string | null;
  /** Codes present in this expansion. */
  codes: number;
  /** expansion.total as declared (refdata: value_sets.csv code_count); null when not declared. */
  declared_total: number | null;
  /** false for a truncated expansion (fewer codes than declared) or a definition that is not a plain code list. */
  complete: boolean;
  /** false when this exact expansion was already loaded. */
  added: boolean;
  /** Files that carried this expansion. */
  sources: string[];
  /** Whether the expansion measures use for this OID (value_set_effective) is complete. */
  effective_complete: boolean;
}

/** The refdata layout: value_sets.csv next to its codes file. */
interface RefdataSet {
  valueSets: string;
  codes: string;
}

// With CPT descriptors if present, else the published file without them (SOURCES.md).
const REFDATA_CODE_FILES = ['value_set_codes.csv', 'value_set_codes_no_cpt_descriptors.csv'];

function refdataIn(folder: string): RefdataSet {
  const codes = REFDATA_CODE_FILES.map((f) => path.join(folder, f)).find((f) => fs.existsSync(f));
  if (!codes) throw new Error(`${folder}/value_sets.csv has no codes file (${REFDATA_CODE_FILES.join(' or ')})`);
  return { valueSets: path.join(folder, 'value_sets.csv'), codes };
}

/** Files to load under the given paths: *.json anywhere below a folder, and folders holding value_sets.csv. */
function findValueSetFiles(paths: string[]): { json: string[]; refdata: RefdataSet[] } {
  const json = new Set<string>();
  const refdata = new Map<string, RefdataSet>();
  const visit = (p: string) => {
    const full = path.resolve(p);
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      if (fs.existsSync(path.join(full, 'value_sets.csv'))) refdata.set(full, refdataIn(full));
      for (const entry of fs.readdirSync(full)) {
        const child = path.join(full, entry);
        if (entry.endsWith('.json') || fs.statSync(child).isDirectory()) visit(child);
      }
    } else if (full.endsWith('.json')) json.add(full);
    else if (path.basename(full) === 'value_sets.csv') refdata.set(path.dirname(full), refdataIn(path.dirname(full)));
    else throw new Error(`${p}: not a ValueSet JSON file, a value_sets.csv, or a folder`);
  };
  paths.forEach(visit);
  return { json: [...json].sort(), refdata: [...refdata.values()].sort((a, b) => a.valueSets.localeCompare(b.valueSets)) };
}

export async function loadValueSets(db: Database, paths: string[]): Promise<ValueSetSummary[]> {
  const files = findValueSetFiles(paths);
  return db.transaction(async (c) => {
    await c.run(sqlFile('terminology/stage_tables'));
    if (files.json.length > 0) {
      await c.run(sqlFile('terminology/fhir_read'), { files: listValue(files.json) });
      await c.run(sqlFile('terminology/fhir_headers'));
      await c.run(sqlFile('terminology/fhir_codes'));
    }
    for (const set of files.refdata) {
      await c.run(sqlFile('terminology/refdata_headers'), { value_sets_csv: set.valueSets });
      await c.run(sqlFile('terminology/refdata_codes'), { value_sets_csv: set.valueSets, codes_csv: set.codes });
    }
    await c.run(sqlFile('terminology/stage_result'));
    await c.run(sqlFile('terminology/insert_codes'));
    await c.run(sqlFile('terminology/insert_value_sets'));
    const rows = rowsAsJson(await c.runAndReadAll(sqlFile('terminology/load_summary')));
    await c.run(sqlFile('terminology/cleanup'));
    return rows as unknown as ValueSetSummary[];
  });
}
