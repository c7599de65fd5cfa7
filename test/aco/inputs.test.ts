// ACO planner inputs from CCLF claims, checked by hand on a small network: MSSP step-wise assignment (42 CFR
// 425.402(b)) with its tie-break, person-years and expenditures by enrollment type, a CMS-HCC V28 score, the
// projected quality score, and overrides.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { acoInputDetail, acoInputs } from '../../server/aco/inputs/aco-inputs.ts';
import { loadHccReference } from '../../server/aco/inputs/reference.ts';
import { config } from '../../server/config.ts';
import type { Database } from '../../server/db/database.ts';
import { ingestPaths } from '../../server/ingest/orchestrator.ts';
import { loadAttributionReference } from '../../server/measures/attribution.ts';
import { loadMipsBenchmarks } from '../../server/measures/benchmarks.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { beneficiary, partAClaim, partBLine, writeCclfFolder } from '../ingest/cclf-fixture.ts';

const P01 = '111111111';
const P02 = '222222222';
const OUTSIDE = '999999999';

// A: woman, 72 on Feb 1 2026, aged non-dual, died June 15 (6 eligible months); primary care at P01 with diabetes
//    with chronic complications (E1122 -> HCC 37), uncomplicated diabetes (E119 -> HCC 38, dropped under 37) and
//    heart failure (I509 -> HCC 226). CNA factors (PY2026): F70_74 0.395 + HCC37 0.166 + HCC226 0.36
//    + DIABETES_HF_V28 0.112 + D2 0 = 1.033.
// B: equal allowed charges at P02 and outside; the outside visit is later -> not assigned (tie: most recent).
// C: equal allowed charges; the P02 visit is later -> assigned to the ACO at P02.
// D: disabled man of 50, no primary care professional anywhere, a cardiologist at P01 -> step 2.
// E: only a nurse practitioner at P01 -> no physician service at the ACO, (b)(1) fails.
// F: more allowed charges outside -> not assigned.
const visit = (mbi: string, id: string, date: string, tin: string, specialty: string, allowed: number, dx?: string) =>
  partBLine({ id, mbi, date, hcpcs: '99214', allowed, paid: allowed * 0.8, tin, specialty, dx });

describe('ACO inputs from CCLF', () => {
  let db: Database;

  beforeAll(async () => {
    db = await memoryDb();
    await loadAttributionReference(db, config.CALIPER_REFDATA);
    await loadHccReference(db, config.CALIPER_REFDATA);
    await loadMipsBenchmarks(db, path.join(config.CALIPER_REFDATA, 'mips_benchmarks', 'mips_benchmarks_selected_py2025_py2026.csv'));
    await db.exec(`INSERT INTO practice (practice_id, name, tin, source_format) VALUES
      ('P01', 'One', '${P01}', 'fhir'), ('P02', 'Two', '${P02}', 'csv')`);
    const folder = writeCclfFolder({
      CCLF8: [
        beneficiary('1AA0AA0AA01', '1953-07-15', '2', { BENE_DEATH_DT: '2026-06-15' }),
        beneficiary('1AA0AA0AA02', '1950-01-01', '1'),
        beneficiary('1AA0AA0AA03', '1950-01-01', '1', { BENE_DUAL_STUS_CD: '02' }),
        beneficiary('1AA0AA0AA04', '1975-05-05', '1', { BENE_MDCR_STUS_CD: '20', BENE_ORGNL_ENTLMT_RSN_CD: '1' }),
        beneficiary('1AA0AA0AA05', '1950-01-01', '2'),
        beneficiary('1AA0AA0AA06', '1950-01-01', '2'),
      ],
      CCLF1: [partAClaim({ id: '0000000000100', mbi: '1AA0AA0AA01', from: '2026-04-01', thru: '2026-04-05', paid: 10000, control: 'A100', ime: 400, dsh: 300 })],
      CCLF4: [
        { CUR_CLM_UNIQ_ID: '0000000000100', BENE_MBI_ID: '1AA0AA0AA01', CLM_TYPE_CD: '60', CLM_PROD_TYPE_CD: 'P', CLM_VAL_SQNC_NUM: 1, CLM_DGNS_CD: 'I509', CLM_FROM_DT: '2026-04-01', CLM_THRU_DT: '2026-04-05' },
      ],
      CCLF5: [
        visit('1AA0AA0AA01', '0000000000001', '2026-02-01', P01, '08', 130, 'E1122'),
        visit('1AA0AA0AA01', '0000000000002', '2026-03-01', P01, '08', 130, 'E119'),
        visit('1AA0AA0AA02', '0000000000003', '2026-03-01', P02, '11', 92),
        visit('1AA0AA0AA02', '0000000000004', '2026-06-01', OUTSIDE, '08', 92),
        visit('1AA0AA0AA03', '0000000000005', '2026-03-01', OUTSIDE, '08', 92),
        visit('1AA0AA0AA03', '0000000000006', '2026-06-01', P02, '11', 92),
        visit('1AA0AA0AA04', '0000000000007', '2026-05-01', P01, '06', 200),
        visit('1AA0AA0AA04', '0000000000008', '2026-07-01', OUTSIDE, '06', 150),
        visit('1AA0AA0AA05', '0000000000009', '2026-05-01', P01, '50', 300),
        visit('1AA0AA0AA06', '0000000000010', '2026-05-01', P01, '08', 92),
        visit('1AA0AA0AA06', '0000000000011', '2026-06-01', OUTSIDE, '08', 130),
      ],
    });
    await ingestPaths(db, [folder]);
    // A finished measure run of 2026 with CMS165 (MIPS 236): 30 of 40 controlled = 75%, on the 2026 eCQM
    // benchmark deciles [45.28, 55.56, 61.54, 65.61, 68.98, 72.0, 75.0, 78.7, 84.04] decile 8 at its lower bound:
    // 8.0 points. CMS125 (112) with 10 patients is below the case minimum and left out of the score.
    await db.exec(`INSERT INTO measure_run (run_id, finished_at, status, period_start, period_end, as_of, measures, attribution_method)
      VALUES (1, now(), 'finished', DATE '2026-01-01', DATE '2026-12-31', DATE '2026-12-31', ['cms165', 'cms125'], 'visits')`);
    await db.exec(`INSERT INTO measure_result (run_id, measure_id, group_id, period_start, period_end, patient_id,
        initial_population, denominator, denominator_exclusion, denominator_exception, numerator, gap)
      SELECT 1, 'cms165', 'Group_1', DATE '2026-01-01', DATE '2026-12-31', 'p' || i, true, true, false, false, i <= 30, i > 30
      FROM range(1, 41) t(i)
      UNION ALL
      SELECT 1, 'cms125', 'Group_1', DATE '2026-01-01', DATE '2026-12-31', 'q' || i, true, true, false, false, i <= 9, i > 9
      FROM range(1, 11) t(i)`);
  });

  afterAll(async () => db?.close());

  it('assigns by plurality of primary care allowed charges, ties to the most recent service, step 2 without primary care', async () => {
    await acoInputs(db, { performanceYear: 2026 });
    const rows = await db.query(
      `SELECT mbi, assignment_step, practice_id, aco_allowed::DOUBLE AS aco_allowed, enrollment_type, eligible_months
       FROM aco_beneficiary WHERE performance_year = 2026 ORDER BY mbi`,
    );
    expect(rows).toEqual([
      { mbi: '1AA0AA0AA01', assignment_step: 1, practice_id: 'P01', aco_allowed: 260, enrollment_type: 'aged_non_dual', eligible_months: 6 },
      { mbi: '1AA0AA0AA03', assignment_step: 1, practice_id: 'P02', aco_allowed: 92, enrollment_type: 'aged_dual', eligible_months: 12 },
      { mbi: '1AA0AA0AA04', assignment_step: 2, practice_id: 'P01', aco_allowed: 200, enrollment_type: 'disabled', eligible_months: 12 },
    ]);
  });

  it('scores CMS-HCC V28 with hierarchies and interactions', async () => {
    await acoInputs(db, { performanceYear: 2026 });
    const [a] = await db.query(`SELECT segment, hccs, raw_risk_score FROM aco_beneficiary WHERE mbi = '1AA0AA0AA01'`);
    expect(a!.segment).toBe('CNA');
    expect(a!.hccs).toEqual([37, 226]);
    expect(Number(a!.raw_risk_score)).toBeCloseTo(1.033, 9);
    // D: disabled non-dual man of 50 without HCCs: the CND M45_54 factor alone.
    const [d] = await db.query(`SELECT d.raw_risk_score, c.coefficient FROM aco_beneficiary d
      JOIN hcc_coefficient c ON c.payment_year = 2026 AND c.model_version = 'V28' AND c.segment = 'CND' AND c.variable = 'M45_54'
      WHERE d.mbi = '1AA0AA0AA04'`);
    expect(Number(d!.raw_risk_score)).toBeCloseTo(Number(d!.coefficient), 9);
  });

  it('derives the settlement inputs: beneficiaries, person-years, expenditures net of IME/DSH, quality', async () => {
    const detail = await acoInputDetail(db, { performanceYear: 2026, normalizationFactor: 1.0, codingAdjustment: 0 });
    const { inputs } = detail;
    expect(inputs.assignedBeneficiaries).toBe(3);
    expect(inputs.personYears).toBeCloseTo(2.5, 9);
    // A: 10,000 - 400 IME - 300 DSH + 0.8 x 260; C: 0.8 x 92 (its outside visit counts too: 0.8 x 92);
    // D: 0.8 x (200 + 150).
    const total = 9300 + 208 + 73.6 * 2 + 280;
    expect(inputs.expenditurePerCapita).toBeCloseTo(total / 2.5, 6);
    const aged = detail.byEnrollmentType.find((t) => t.enrollment_type === 'aged_non_dual')!;
    expect(aged.person_years).toBeCloseTo(0.5, 9);
    expect(aged.risk_score).toBeCloseTo(1.033, 9);
    expect(detail.quality.measures.map((m) => [m.measureId, m.points])).toEqual([['cms165', 8]]);
    expect(inputs.quality).toEqual({ score: 0.8, standard: 'met' });
    expect(detail.sources.expenditurePerCapita).toBe('data');
  });

  it('applies the normalization factor, coding adjustment and truncation', async () => {
    const detail = await acoInputDetail(db, { performanceYear: 2026, normalizationFactor: 1.1, codingAdjustment: 0.059, truncation: { aged_non_dual: 10000 } });
    const aged = detail.byEnrollmentType.find((t) => t.enrollment_type === 'aged_non_dual')!;
    expect(aged.risk_score).toBeCloseTo((1.033 / 1.1) * (1 - 0.059), 9);
    // Truncated at 10,000 per person-year x 0.5 person-years.
    expect(aged.truncated_expenditure).toBeCloseTo(5000, 6);
  });

  it('lets any input be overridden', async () => {
    const detail = await acoInputDetail(db, {
      performanceYear: 2026,
      overrides: { updatedBenchmarkPerCapita: 12_345, track: 'ENHANCED', quality: { score: 0.9, standard: 'met' } },
    });
    expect(detail.inputs).toMatchObject({ updatedBenchmarkPerCapita: 12_345, track: 'ENHANCED', quality: { score: 0.9, standard: 'met' }, assignedBeneficiaries: 3 });
    expect(detail.sources).toMatchObject({ updatedBenchmarkPerCapita: 'override', track: 'override', assignedBeneficiaries: 'data' });
  });

  it('says which inputs it cannot derive when no beneficiary is assigned', async () => {
    const empty = await memoryDb();
    try {
      await loadHccReference(empty, config.CALIPER_REFDATA);
      const error = await acoInputs(empty, { performanceYear: 2026 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZodError);
      expect((error as ZodError).issues.map((i) => i.path.join('.')).sort()).toEqual(['expenditurePerCapita', 'personYears', 'updatedBenchmarkPerCapita']);
      const given = await acoInputDetail(empty, { performanceYear: 2026, overrides: { personYears: 100, expenditurePerCapita: 11_000, updatedBenchmarkPerCapita: 12_000 } });
      expect(given.inputs).toMatchObject({ assignedBeneficiaries: 0, quality: { score: 0, standard: 'not-met' } });
      expect(given.sources.quality).toBe('default');
    } finally {
      await empty.close();
    }
  });
});
