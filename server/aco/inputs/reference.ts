// Reference data the ACO inputs read: the CMS-HCC model tables (refdata/cms_hcc plus the interaction groups
// shipped in sql/aco/). The MSSP assignment lists (primary-care codes and specialties) are loaded with the
// attribution reference (server/measures/attribution.ts) and shared.
import fs from 'node:fs';
import path from 'node:path';
import { listValue } from '@duckdb/node-api';
import type { Database } from '../../db/database.ts';
import { runSqlFile } from '../../db/sql-script.ts';
import { SQL_ROOT } from '../../db/sql-registry.ts';

/** Loads (replacing) the CMS-HCC ICD-10 maps and coefficients of every payment year in refdata, the hierarchies and interaction groups. */
export async function loadHccReference(db: Database, refdataDir: string): Promise<void> {
  const dir = path.join(refdataDir, 'cms_hcc');
  const files = fs.readdirSync(dir).sort();
  const pick = (prefix: string) => files.filter((f) => f.startsWith(prefix) && f.endsWith('.csv')).map((f) => path.join(dir, f));
  await db.transaction((c) =>
    runSqlFile(c, 'aco/load_hcc_reference', {
      icd_paths: listValue(pick('icd10_to_hcc_')),
      coefficient_paths: listValue(pick('coefficients_')),
      hierarchy_path: path.join(dir, 'hierarchy_v24_v28.csv'),
      groups_path: path.join(SQL_ROOT, 'aco', 'hcc_groups.csv'),
      interactions_path: path.join(SQL_ROOT, 'aco', 'hcc_interactions.csv'),
    }),
  );
}
