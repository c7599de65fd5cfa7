// caliper conformance <dir>...: runs every eCQM test case under the folders through ingest and the
// measure engine and compares the population counts with the expected MeasureReports.
import { parseArgs } from 'node:util';
import { formatReport, runConformance } from '../measures/conformance.ts';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { help: { type: 'boolean' } },
  });
  if (values.help || positionals.length === 0) {
    console.log('Usage: caliper conformance <dir>...\n\nEach <dir> is a measure folder (with tests/ and valuesets/) or a folder of them, e.g. ../shared/fixtures/ecqm');
    return values.help ? 0 : 2;
  }
  const report = await runConformance(positionals, (m) => console.error(m));
  console.log(formatReport(report));
  return report.failed > 0 ? 1 : 0;
}
