// Synthetic IPA network generator. Usage:
//   npx tsx tools/generate-network/main.ts --out data-samples --patients 5000 [--seed caliper-2026] [--year 2026] [--practices N]
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generateNetwork } from './generate.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'data-samples' },
    patients: { type: 'string', default: '5000' },
    seed: { type: 'string', default: DEFAULT_SEED },
    year: { type: 'string', default: '2026' },
    practices: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('Usage: npm run generate -- --out DIR [--patients N] [--seed TEXT] [--year YYYY] [--practices N] [--quiet]');
} else {
  const persons = Number(values.patients);
  const year = Number(values.year);
  const practices = values.practices === undefined ? undefined : Number(values.practices);
  if (!Number.isInteger(persons) || persons < 1 || persons > 10_000_000) throw new Error('--patients must be an integer from 1 to 10,000,000');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error('--year must be a year');
  if (practices !== undefined && (!Number.isInteger(practices) || practices < 1)) throw new Error('--practices must be a positive integer');
  const started = Date.now();
  const report = await generateNetwork({ out: values.out!, persons, seed: values.seed!, year, practices, progress: !values.quiet });
  const seconds = (Date.now() - started) / 1000;
  console.error(
    `${report.persons.toLocaleString('en-US')} patients (${report.records.toLocaleString('en-US')} records, ${report.persons_at_two_practices} at two practices) ` +
      `in ${report.practices.length} practices -> ${values.out}: ${(report.bytes / 1e6).toFixed(1)} MB, ${report.lines.toLocaleString('en-US')} lines, ` +
      `${report.defects.length} injected defects, ${seconds.toFixed(1)} s`,
  );
}
