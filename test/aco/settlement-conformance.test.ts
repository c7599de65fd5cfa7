// `caliper savings-conformance` on CMS's PY2022 and PY2023 MSSP public use files: ≥ 99% of ACOs' EarnSaveLoss
// recomputed within $1, and every remaining case explained by an input the file does not publish.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { performanceYearOf, runSavingsConformance } from '../../server/aco/settlement/puf-conformance.ts';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const PUF = path.resolve(REPO, '..', 'shared', 'refdata', 'mssp_puf');
const FILES = ['PY2022_ACO_Results_PUF.csv', 'PY2023_ACO_Results_PUF.csv'].map((f) => path.join(PUF, f));

let db: Database;
beforeAll(async () => {
  db = await Database.open({ path: ':memory:', poolSize: 1 });
});
afterAll(() => db.close());

describe('savings conformance against the MSSP PUF', () => {
  for (const file of FILES) {
    it(`recomputes ≥ 99% of ${path.basename(file)} within $1 and explains the rest`, async () => {
      const report = await runSavingsConformance(db, file, performanceYearOf(file));
      expect(report.cases.length).toBeGreaterThan(400);
      expect(report.passed / report.cases.length).toBeGreaterThanOrEqual(0.99);
      const unexplained = report.cases.filter((c) => !c.passed && c.unpublishedInput === undefined);
      expect(unexplained.map((c) => `${c.acoId}: ${c.reason}`)).toEqual([]);
      // every track appears among the passes
      const tracks = new Set(report.cases.filter((c) => c.passed).map((c) => c.settlement.inputs.track));
      expect([...tracks].sort()).toEqual(['BASIC_A', 'BASIC_B', 'BASIC_C', 'BASIC_D', 'BASIC_E', 'ENHANCED']);
    });
  }

  it('prints each mismatch with its reason and ends with "N passed, M failed"', async () => {
    const { stdout } = await promisify(execFile)('node', [path.join(REPO, 'bin', 'caliper.js'), 'savings-conformance', ...FILES], { cwd: REPO }).catch((e: { stdout: string }) => e);
    const lines = stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^(\d+) passed, (\d+) failed$/);
    const [, passed, failed] = /^(\d+) passed, (\d+) failed$/.exec(lines.at(-1)!)!.map(Number);
    expect(passed! + failed!).toBe(482 + 453);
    const mismatches = lines.filter((l) => /^PY\d{4} A\d+: published/.test(l));
    expect(mismatches).toHaveLength(failed!);
    for (const line of mismatches) expect(line).toMatch(/explained by an input the file does not publish: .+\]$/);
  });
});
