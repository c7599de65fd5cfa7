// Rebuilds data/codes.csv from data/code-selection.csv, checking every selected code against its source
// (the measure value sets, the eCQM fixture value sets, realism_codes, the V28 HCC map) and taking the
// display from there. Run: npx tsx tools/generate-network/extract-codes.ts [--shared ../shared]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Database } from '../../server/db/database.ts';
import { csvLine } from './csv-line.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { shared: { type: 'string', default: path.resolve(here, '../../../shared') } } });
const shared = path.resolve(values.shared!);

const db = await Database.open({ path: ':memory:', poolSize: 1 });
try {
  const rows = await db.query(fs.readFileSync(path.join(here, 'extract-codes.sql'), 'utf8'), {
    selection: path.join(here, 'data/code-selection.csv'),
    value_set_codes: path.join(shared, 'refdata/value_sets/value_set_codes_no_cpt_descriptors.csv'),
    fixture_value_sets: path.join(shared, 'fixtures/ecqm/*/valuesets/*.json'),
    measure_value_sets: path.join(shared, 'refdata/value_sets/measure_value_sets.csv'),
    realism: path.join(shared, 'refdata/realism_codes/realism_codes.csv'),
    hcc: path.join(shared, 'refdata/cms_hcc/icd10_to_hcc_v24_v28_py2026.csv'),
  });
  const missing = rows.filter((r) => r.found !== true);
  if (missing.length > 0) {
    for (const r of missing) console.error(`not in its source: ${r.category} ${r.code_system} ${r.code} (${r.source})`);
    process.exitCode = 1;
  } else {
    const header = ['category', 'concept', 'weight', 'code_system', 'code', 'display', 'source'] as const;
    const lines = rows.map((r) => csvLine(header.map((h) => r[h] as string | number)));
    fs.writeFileSync(path.join(here, 'data/codes.csv'), csvLine([...header]) + lines.join(''));
    console.log(`data/codes.csv: ${rows.length} codes`);
  }
} finally {
  db.close();
}
