// Every implemented measure passes all its published eCQM test cases (shared/fixtures/ecqm), loaded
// through the product's ingest; measures not implemented yet are reported, their cases counted failed.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport, runConformance, type ConformanceReport } from '../../server/measures/conformance.ts';
import { findMeasure } from '../../server/measures/registry.ts';
import { ECQM_FIXTURES } from '../measures/core-rows.ts';

let report: ConformanceReport;
beforeAll(async () => {
  report = await runConformance([ECQM_FIXTURES]);
});

describe('eCQM conformance', () => {
  it('runs every measure folder of the fixtures', () => {
    expect(report.measures.map((m) => m.measure)).toContain('CMS122');
    expect(report.measures.map((m) => m.measure)).toContain('CMS165');
    expect(report.passed + report.failed).toBe(report.measures.reduce((n, m) => n + m.cases, 0));
  });

  it('passes every case of every implemented measure', () => {
    const implemented = report.measures.filter((m) => m.implemented);
    expect(implemented.map((m) => m.measure)).toEqual(expect.arrayContaining(['CMS122', 'CMS165']));
    for (const m of implemented) expect({ measure: m.measure, mismatches: m.mismatches }).toEqual({ measure: m.measure, mismatches: [] });
  });

  it('fails, never skips, the cases of measures without an implementation', () => {
    for (const m of report.measures.filter((x) => !findMeasure(x.measure))) {
      expect(m.implemented).toBe(false);
      expect(m.failed).toBe(m.cases);
    }
  });

  it('ends its report with the summary line', () => {
    expect(formatReport(report).split('\n').at(-1)).toBe(`${report.passed} passed, ${report.failed} failed`);
  });
});

describe('caliper conformance', () => {
  it('prints per-measure counts and the summary line, exiting 0 when every case passes', () => {
    const cli = path.resolve(import.meta.dirname, '..', '..', 'bin', 'caliper.js');
    const out = execFileSync('node', [cli, 'conformance', path.join(ECQM_FIXTURES, 'CMS122')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(out).toMatch(/^CMS122: 40\/40 passed/m);
    expect(out.trim().split('\n').at(-1)).toBe('40 passed, 0 failed');
  });
});
