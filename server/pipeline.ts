// One pipeline run over a database: reference data and value sets, the practices' extracts, patient
// linking, then every measure for the measurement year into measure_result (the measure run attributes
// patients to practices itself, server/measures/runner.ts).
import path from 'node:path';
import type { Database } from './db/database.ts';
import { config } from './config.ts';
import { ingestPaths, type IngestSummary } from './ingest/orchestrator.ts';
import { linkPatients, type LinkSummary } from './ingest/link-patients.ts';
import { buildSourceQuality } from './marts/source-quality.ts';
import { loadAttributionReference } from './measures/attribution.ts';
import { loadMipsBenchmarks } from './measures/benchmarks.ts';
import { loadHccReference } from './aco/inputs/reference.ts';
import { runMeasures } from './measures/runner.ts';
import { loadValueSets } from './terminology/value-sets.ts';

export interface PipelineSummary {
  valueSets: number;
  ingest: IngestSummary;
  link: LinkSummary;
  runId: number;
}

/** Value sets and the reference tables measures, attribution and the ACO model read; returns the value set count. */
export async function loadReferenceData(db: Database): Promise<number> {
  const valueSets = (await loadValueSets(db, config.CALIPER_VALUE_SETS)).length;
  await loadAttributionReference(db, config.CALIPER_REFDATA);
  await loadMipsBenchmarks(db, path.join(config.CALIPER_REFDATA, 'mips_benchmarks', 'mips_benchmarks_selected_py2025_py2026.csv'));
  await loadHccReference(db, config.CALIPER_REFDATA);
  return valueSets;
}

export async function buildDatabase(
  db: Database,
  samplesDir: string,
  progress: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): Promise<PipelineSummary> {
  const valueSets = await loadReferenceData(db);
  progress(`reference data: ${valueSets} value sets, attribution code lists, MIPS benchmarks, CMS-HCC model`);

  const ingest = await ingestPaths(db, [samplesDir], { progress });
  const link = await linkPatients(db);
  await buildSourceQuality(db); // the data-sources screen's completeness and linking marts
  progress(`linking: ${link.records} practice records -> ${link.patients} patients`);

  const year = config.CALIPER_PERIOD_YEAR;
  const period = { periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` };
  const runId = await runMeasures(db, { ...period, attribution: 'visits' });
  progress(`measures ${year}: run ${runId} finished, attributed by primary-care visits`);
  return { valueSets, ingest, link, runId };
}
