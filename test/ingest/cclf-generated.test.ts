// The generator's CCLF feed (tools/generate-network/cclf-writer.ts) loads without a reject, and its adjustment
// chains, cancellations and MBI crosswalk resolve to one final version per claim under the current MBI.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { ingestPaths } from '../../server/ingest/orchestrator.ts';
import { CCLF_FOLDER } from '../../tools/generate-network/cclf-writer.ts';
import { generateNetwork } from '../../tools/generate-network/generate.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caliper-cclf-'));

describe('the generated CCLF feed', () => {
  let db: Database;

  beforeAll(async () => {
    await generateNetwork({ out: tmp, persons: 400, seed: 'cclf-test', year: 2026 });
    db = await memoryDb();
    await ingestPaths(db, [path.join(tmp, CCLF_FOLDER)]);
  });

  afterAll(async () => {
    await db?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('loads every line', async () => {
    const folder = path.join(tmp, CCLF_FOLDER);
    const lines = fs
      .readdirSync(folder)
      .filter((f) => f.startsWith('P.'))
      .reduce((n, f) => n + fs.readFileSync(path.join(folder, f), 'utf8').split('\n').length - 1, 0);
    const [files] = await db.query(`SELECT count(*) AS n, sum(rows_read) AS read, sum(rows_loaded) AS loaded FROM source_file WHERE format = 'cclf'`);
    expect(Number(files!.n)).toBe(6);
    expect(Number(files!.read)).toBe(lines);
    expect(Number(files!.loaded)).toBe(lines);
  });

  it('resolves adjustments to the corrected amount and drops cancelled claims', async () => {
    // The writer overpays an adjusted claim by 10% first; the final version is the corrected one.
    const [b] = await db.query(`
      WITH lineage AS (
          SELECT clm_cntl_num, clm_line_num, count(*) AS versions, bool_or(clm_adjsmt_type_cd = '1') AS cancelled,
                 arg_min(clm_line_cvrd_pd_amt, cur_clm_uniq_id)::DOUBLE AS first_paid
          FROM cclf_part_b_line GROUP BY ALL
      )
      SELECT
          count(*) FILTER (WHERE versions = 2 AND NOT cancelled) AS adjusted,
          count(*) FILTER (WHERE cancelled) AS cancelled,
          count(*) FILTER (WHERE cancelled AND f.lineage IS NOT NULL) AS cancelled_in_final,
          count(*) FILTER (WHERE versions = 2 AND NOT cancelled AND abs(f.clm_line_cvrd_pd_amt * 1.1 - first_paid) > 0.011) AS not_corrected
      FROM lineage AS l
      LEFT JOIN cclf_part_b_final AS f ON f.lineage = l.clm_cntl_num || '#' || l.clm_line_num`);
    expect(Number(b!.adjusted)).toBeGreaterThan(0);
    expect(Number(b!.cancelled)).toBeGreaterThan(0);
    expect(Number(b!.cancelled_in_final)).toBe(0);
    expect(Number(b!.not_corrected)).toBe(0);
    const [a] = await db.query(`
      SELECT
          (SELECT count(DISTINCT coalesce(clm_org_cntl_num, clm_cntl_num)) FROM cclf_part_a_claim
            WHERE coalesce(clm_org_cntl_num, clm_cntl_num) NOT IN (SELECT clm_org_cntl_num FROM cclf_part_a_claim WHERE clm_adjsmt_type_cd = '1')) AS kept,
          (SELECT count(*) FROM cclf_part_a_final) AS final`);
    expect(Number(a!.final)).toBe(Number(a!.kept));
  });

  it('files every claim under a current MBI that CCLF8 lists', async () => {
    const [x] = await db.query(`
      SELECT
          (SELECT count(*) FROM cclf_mbi_xref) AS xref,
          (SELECT count(*) FROM cclf_part_b_line WHERE bene_mbi_id IN (SELECT prvs_num FROM cclf_mbi_xref)) AS previous_on_claims,
          (SELECT count(*) FROM cclf_part_b_final WHERE mbi NOT IN (SELECT mbi FROM cclf_beneficiary_current)) AS unknown`);
    expect(Number(x!.xref)).toBeGreaterThan(0);
    expect(Number(x!.previous_on_claims)).toBeGreaterThan(0);
    expect(Number(x!.unknown)).toBe(0);
  });
});
