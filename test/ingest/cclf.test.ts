// CCLF ingest: fixed-width parsing by the packet layout, rejects with reasons and raw lines, sha256 idempotence,
// and the final-action views (adjustment chains, cancellations, MBI crosswalk).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { ingestPaths } from '../../server/ingest/orchestrator.ts';
import { cclfKindOf } from '../../server/ingest/cclf/cclf-loader.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { beneficiary, partAClaim, partBLine, writeCclfFolder } from './cclf-fixture.ts';

const OLD = '1AA0AA0AA00';
const NEW = '2CC0CC0CC00';

describe('CCLF ingest', () => {
  let db: Database;
  let folder: string;

  beforeAll(async () => {
    db = await memoryDb();
    const visit = { mbi: NEW, date: '2026-03-02', hcpcs: '99213', tin: '123456789', specialty: '08' };
    folder = writeCclfFolder({
      CCLF8: [beneficiary(NEW, '1954-06-01', '2'), beneficiary('3DD0DD0DD00', '19540601', '1')],
      CCLF9: [{ HICN_MBI_XREF_IND: 'M', CRNT_NUM: NEW, PRVS_NUM: OLD, PRVS_ID_EFCTV_DT: '2020-01-01', PRVS_ID_OBSLT_DT: '2026-01-31' }],
      CCLF1: [
        // Chain: original 1000, adjusted to 900 (names the original's control number), then re-adjusted to 950.
        partAClaim({ id: '0000000000011', mbi: OLD, from: '2026-01-10', thru: '2026-01-14', paid: 1000, control: 'A1', effective: '2026-01-20' }),
        partAClaim({ id: '0000000000012', mbi: NEW, from: '2026-01-10', thru: '2026-01-14', paid: 900, control: 'A2', original: 'A1', type: '2', effective: '2026-02-20' }),
        partAClaim({ id: '0000000000013', mbi: NEW, from: '2026-01-10', thru: '2026-01-14', paid: 950, control: 'A3', original: 'A1', type: '2', effective: '2026-03-20' }),
        // Sent in error, then cancelled.
        partAClaim({ id: '0000000000021', mbi: NEW, from: '2026-05-01', thru: '2026-05-02', paid: 500, control: 'A9', effective: '2026-05-10' }),
        partAClaim({ id: '0000000000022', mbi: NEW, from: '2026-05-01', thru: '2026-05-02', paid: -500, control: 'A10', original: 'A9', type: '1', effective: '2026-06-10' }),
      ],
      CCLF5: [
        partBLine({ ...visit, id: '0000000000031', allowed: 100, paid: 80, control: 'B1', effective: '2026-03-10' }),
        partBLine({ ...visit, id: '0000000000032', allowed: 110, paid: 88, control: 'B1', type: '2', effective: '2026-04-10' }),
        partBLine({ ...visit, id: '0000000000041', allowed: 100, paid: 80, control: 'B2', effective: '2026-03-10' }),
        partBLine({ ...visit, id: '0000000000042', allowed: -100, paid: -80, control: 'B2', type: '1', effective: '2026-04-10' }),
        'TOO SHORT',
        partBLine({ ...visit, id: '0000000000051', date: '2026-02-30', allowed: 1, paid: 1 }),
        // Two required fields blank: named in layout order whatever order the values were given in.
        { ...partBLine({ ...visit, id: '0000000000061', allowed: 1, paid: 1 }), BENE_MBI_ID: '', CLM_LINE_NUM: '' },
      ],
    });
  });

  afterAll(async () => db?.close());

  it('recognises CMS file names', () => {
    expect(cclfKindOf('P.A1234.ACO.ZC1Y24.D240115.T1234567')).toBe('CCLF1');
    expect(cclfKindOf('P.A1234.ACO.ZC8R23.D240401.T0000000')).toBe('CCLF8');
    expect(cclfKindOf('P.A1234.ACO.ZC7Y24.D240115.T1234567')).toBeUndefined();
    expect(cclfKindOf('cclf5.txt')).toBe('CCLF5');
  });

  it('loads every line or rejects it with its reason and raw text', async () => {
    const summary = await ingestPaths(db, [folder]);
    const counts = Object.fromEntries(summary.practices[0]!.counts.map((c) => [c.resource_type, c]));
    expect(counts.CCLF5).toEqual({ resource_type: 'CCLF5', read: 7, loaded: 4, rejected: 3 });
    expect(counts.CCLF8).toEqual({ resource_type: 'CCLF8', read: 2, loaded: 1, rejected: 1 });
    expect(counts.CCLF1).toMatchObject({ read: 5, loaded: 5, rejected: 0 });
    const rejects = await db.query('SELECT resource_type, line_no, reason, detail, raw FROM rejected_row ORDER BY resource_type, line_no');
    expect(rejects.map((r) => [r.resource_type, r.line_no, r.reason])).toEqual([
      ['CCLF5', 5, 'WrongLineLength'],
      ['CCLF5', 6, 'InvalidDate'],
      ['CCLF5', 7, 'MissingRequired'],
      ['CCLF8', 2, 'InvalidDate'],
    ]);
    expect(rejects[0]!.raw).toBe('TOO SHORT');
    expect(rejects[1]!.detail).toContain('CLM_FROM_DT');
    expect(rejects[2]!.detail).toBe('blank CLM_LINE_NUM, BENE_MBI_ID');
  });

  it('keeps the latest version of each claim and drops cancelled ones, under the current MBI', async () => {
    const partA = await db.query('SELECT mbi, cur_clm_uniq_id, clm_pmt_amt::DOUBLE AS paid FROM cclf_part_a_final');
    expect(partA).toEqual([{ mbi: NEW, cur_clm_uniq_id: '0000000000013', paid: 950 }]);
    const partB = await db.query('SELECT mbi, cur_clm_uniq_id, clm_line_alowd_chrg_amt::DOUBLE AS allowed FROM cclf_part_b_final');
    expect(partB).toEqual([{ mbi: NEW, cur_clm_uniq_id: '0000000000032', allowed: 110 }]);
  });

  it('changes nothing when the same files load again', async () => {
    const before = await db.query('SELECT count(*) AS n FROM cclf_part_b_line');
    const summary = await ingestPaths(db, [folder]);
    expect(summary.practices[0]!.files.every((f) => f.status === 'skipped')).toBe(true);
    expect(await db.query('SELECT count(*) AS n FROM cclf_part_b_line')).toEqual(before);
  });
});
