// caliper savings-conformance <puf.csv>...: recomputes every ACO's earned shared savings/losses from the MSSP
// public use file's inputs and compares them with the published EarnSaveLoss (within $1).
import { parseArgs } from 'node:util';
import { Database } from '../db/database.ts';
import { performanceYearOf, runSavingsConformance } from '../aco/settlement/puf-conformance.ts';

const USAGE = `Usage: caliper savings-conformance [--year YYYY] <puf.csv>...

Each <puf.csv> is a CMS MSSP "Performance Year Financial and Quality Results" PUF (e.g.
../shared/refdata/mssp_puf/PY2023_ACO_Results_PUF.csv); the performance year comes from the file name
(PYyyyy_...) unless --year is given. Prints each mismatch with its reason, then "N passed, M failed".`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { help: { type: 'boolean' }, year: { type: 'string' } },
  });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const db = await Database.open({ path: ':memory:', poolSize: 1 });
  let passed = 0;
  let failed = 0;
  try {
    for (const file of positionals) {
      const year = performanceYearOf(file, values.year === undefined ? undefined : Number(values.year));
      const report = await runSavingsConformance(db, file, year);
      for (const c of report.cases.filter((x) => !x.passed)) {
        const unpublished = c.unpublishedInput ? ` [explained by an input the file does not publish: ${c.unpublishedInput}]` : ' [not explained]';
        console.log(`PY${year} ${c.acoId}: published ${c.published}, computed ${Math.round(c.computed)}: ${c.reason}${unpublished}`);
      }
      console.log(`PY${year} ${file}: ${report.passed} passed, ${report.failed} failed (${report.explained} explained by unpublished inputs)`);
      passed += report.passed;
      failed += report.failed;
    }
  } finally {
    db.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
