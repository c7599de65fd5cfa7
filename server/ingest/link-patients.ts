// Patient linking: practice records (patient_record) -> enterprise patients (patient, patient_link).
// The matching is SQL (sql/link/): normalised keys, blocked candidate pairs scored by rule, connected
// components by min-label propagation, then a full, deterministic relink of patient_link and patient.
// TypeScript only sequences the steps and repeats the propagation round until nothing changes.
import type { Database } from '../db/database.ts';
import { rowsAsJson } from '../db/json.ts';
import { sqlFile } from '../db/sql-registry.ts';

export interface LinkSummary {
  /** Practice records linked. */
  records: number;
  /** Enterprise patients after linking. */
  patients: number;
  /** Linked records per rule (MBI, MEMBER_ID, DEMOGRAPHIC_EXACT, DEMOGRAPHIC_FUZZY, SINGLETON). */
  links: Record<string, number>;
  /** Propagation rounds until the components were stable (the longest chain's length + 1). */
  rounds: number;
  ms: number;
}

export async function linkPatients(db: Database): Promise<LinkSummary> {
  const started = performance.now();
  return db.transaction(async (c) => {
    await c.run(sqlFile('link/record_keys'));
    await c.run(sqlFile('link/candidate_edges'));
    await c.run(sqlFile('link/component_init'));
    let rounds = 0;
    let changed: number;
    do {
      changed = (await c.run(sqlFile('link/component_step'))).rowsChanged;
      rounds++;
    } while (changed > 0);
    await c.run(sqlFile('link/write_links'));
    await c.run(sqlFile('link/write_patients'));
    const rows = rowsAsJson(await c.runAndReadAll(sqlFile('link/summary')));
    await c.run(sqlFile('link/cleanup'));
    return {
      records: Number(rows[0]?.records ?? 0),
      patients: Number(rows[0]?.patients ?? 0),
      links: Object.fromEntries(rows.map((r) => [String(r.rule), Number(r.links)])),
      rounds,
      ms: Math.round(performance.now() - started),
    };
  });
}
