// One pipeline run over a database: load reference data and value sets, load the practices' extracts,
// link patients across practices. (Measures are computed from here once the measure engine runs.)
import type { Database } from './db/database.ts';
import { config } from './config.ts';
import { ingestPaths, type IngestSummary } from './ingest/orchestrator.ts';
import { linkPatients, type LinkSummary } from './ingest/link-patients.ts';
import { loadValueSets } from './terminology/value-sets.ts';

export interface PipelineSummary {
  ingest: IngestSummary;
  link: LinkSummary;
  valueSets: number;
}

export async function buildDatabase(
  db: Database,
  samplesDir: string,
  progress: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): Promise<PipelineSummary> {
  const valueSets = (await loadValueSets(db, config.CALIPER_VALUE_SETS)).length;
  progress(`value sets: ${valueSets} loaded`);
  const ingest = await ingestPaths(db, [samplesDir], { progress });
  const link = await linkPatients(db);
  progress(`linking: ${link.records} practice records -> ${link.patients} patients`);
  return { ingest, link, valueSets };
}
