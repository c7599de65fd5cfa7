// caliper ingest: load practice folders (FHIR NDJSON/Bundles or CSV extracts) into the database.
// Progress goes to stderr; the per-practice, per-resource-type table (or, with --json, the summary as
// JSON and nothing else) to stdout. Exit 0 when the load ran, even with rejected rows.
import { parseArgs } from 'node:util';
import { config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { ingestPaths, type IngestSummary, type PracticeSummary } from '../ingest/orchestrator.ts';
import { linkPatients, type LinkSummary } from '../ingest/link-patients.ts';
import { buildSourceQuality } from '../marts/source-quality.ts';

const USAGE = `Usage: caliper ingest <folder>... [--db FILE] [--json]

Each folder is a practice folder (it holds source.json) or a folder with practice folders below it.
Files already loaded (same sha256) are skipped. Patients are re-linked across practices afterwards.
  --db FILE  database file (default ${config.CALIPER_DB})
  --json     print the load summary as JSON on stdout`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    console.error(`caliper ingest: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    console.error(`caliper ingest: name at least one folder\n\n${USAGE}`);
    return 2;
  }

  const db = await openDatabase(values.db ?? config.CALIPER_DB);
  try {
    const summary = await ingestPaths(db, positionals, { progress: (line) => process.stderr.write(`${line}\n`) });
    // New records change who is whom across practices: linking is cheap, so it always follows a load.
    const link = await linkPatients(db);
    await buildSourceQuality(db); // the data-sources screen's completeness and linking marts
    console.log(values.json ? JSON.stringify({ ...summary, link }, null, 2) : formatSummary(summary, link));
    return 0;
  } finally {
    db.close();
  }
}

const num = (n: number) => n.toLocaleString('en-US');

/** A practice's file statuses, then its read/loaded/rejected table (names left-aligned, numbers right). */
function formatPractice(p: PracticeSummary): string {
  const files = (status: string) => p.files.filter((f) => f.status === status).length;
  const head =
    `${p.practice_id} (${p.name}): ${files('loaded')} file(s) loaded, ${files('empty')} empty, ` +
    `${files('skipped')} skipped, ${files('failed')} failed`;
  if (p.counts.length === 0) return head;
  const rows = [
    ['resource type', 'read', 'loaded', 'rejected'],
    ...p.counts.map((c) => [c.resource_type, num(c.read), num(c.loaded), num(c.rejected)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const align = (cell: string, i: number) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!));
  return [head, ...rows.map((r) => `  ${r.map(align).join('  ')}`)].join('\n');
}

function formatSummary(summary: IngestSummary, link: LinkSummary): string {
  const total = `${summary.practices.length} practice(s) in ${(summary.ms / 1000).toFixed(1)} s`;
  const linked = `linking: ${num(link.records)} practice records -> ${num(link.patients)} patients`;
  return [...summary.practices.map(formatPractice), total, linked].join('\n\n');
}
