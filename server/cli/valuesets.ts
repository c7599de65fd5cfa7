// caliper valuesets: load FHIR ValueSet JSON files/folders and the refdata CSV layout into the database, then
// print per value set expansion: id, version, codes, declared total, complete or not, and warn about truncated
// expansions, saying whether a complete expansion of the same OID is loaded (value_set_effective uses that one).
import { parseArgs } from 'node:util';
import { config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { loadValueSets } from '../terminology/value-sets.ts';

const USAGE = 'Usage: caliper valuesets <file-or-folder>... [--db FILE] [--json]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help || positionals.length === 0) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  const db = await openDatabase(values.db ?? config.CALIPER_DB);
  try {
    const summaries = await loadValueSets(db, positionals);
    if (values.json) {
      console.log(JSON.stringify(summaries, null, 2));
      return 0;
    }
    console.table(
      summaries.map((s) => ({
        id: s.value_set_id,
        version: s.version,
        name: s.name,
        codes: s.codes,
        declared: s.declared_total ?? '',
        complete: s.complete ? 'yes' : 'NO',
        loaded: s.added ? 'new' : 'already',
      })),
    );
    const added = summaries.filter((s) => s.added).length;
    console.log(`${summaries.length} value set expansions read, ${added} new, ${summaries.length - added} already loaded.`);
    const incomplete = summaries.filter((s) => !s.complete);
    if (incomplete.length > 0) {
      console.log('Incomplete expansions (truncated, or defined by filters):');
      for (const s of incomplete) {
        const size = s.declared_total === null ? `${s.codes} codes, no declared total` : `${s.codes} of ${s.declared_total} codes`;
        const use = s.effective_complete
          ? 'a complete expansion of this OID is loaded and used instead'
          : 'NO complete expansion of this OID is loaded: measures using it will miss codes';
        console.log(`  ${s.value_set_id} ${s.version} ${s.name ?? ''} (${size}): ${use}`);
      }
    }
    return 0;
  } finally {
    db.close();
  }
}
