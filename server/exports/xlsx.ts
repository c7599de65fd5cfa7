// XLSX scorecard (exceljs): a "Scorecard" sheet with the header, one row per measure group (counts,
// rate, benchmark decile, open gaps) and the footnotes, and a "Trend" sheet of year-to-date rates by month.
import ExcelJS from 'exceljs';
import type { Scorecard } from './scorecard.ts';
import { footnotes, headerLines, measureLabel, SUPPRESSED } from './scorecard-layout.ts';

export const XLSX_COLUMNS = [
  'Measure',
  'CMS id',
  'MIPS id',
  'Inverse',
  'Initial population',
  'Denominator',
  'Exclusions',
  'Exceptions',
  'Numerator',
  'Performance denominator',
  'Rate %',
  'Benchmark decile',
  'Open gaps',
] as const;

export async function scorecardXlsx(scorecard: Scorecard): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Caliper';
  workbook.created = scorecard.generatedAt;
  const sheet = workbook.addWorksheet('Scorecard', { views: [{ state: 'frozen', ySplit: 6 }] });
  const header = headerLines(scorecard);
  sheet.addRow(['Quality scorecard']).font = { bold: true, size: 14 };
  for (const line of header) sheet.addRow([line]);
  const head = sheet.addRow([...XLSX_COLUMNS]);
  head.font = { bold: true };
  head.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } }));
  const value = (n: number | null) => (n === null ? SUPPRESSED : n);
  for (const r of scorecard.measures) {
    const c = r.counts;
    sheet.addRow([
      measureLabel(r),
      r.measure.cmsId,
      r.measure.mipsId ?? '',
      r.measure.improvementNotation === 'decrease' ? 'inverse' : '',
      value(c.initial_population),
      value(c.denominator),
      value(c.denominator_exclusion),
      value(c.denominator_exception),
      value(c.numerator),
      value(c.performance_denominator),
      r.rate === null ? (scorecard.selection.suppress && c.numerator === null ? SUPPRESSED : '') : Math.round(r.rate * 10) / 10,
      r.benchmarkDecile ?? '',
      value(c.open_gaps),
    ]);
  }
  sheet.addRow([]);
  for (const note of footnotes(scorecard)) sheet.addRow([note]).font = { italic: true, size: 9 };
  sheet.getColumn(1).width = 62;
  for (let i = 2; i <= XLSX_COLUMNS.length; i++) sheet.getColumn(i).width = 13;

  const months = [...new Set(scorecard.measures.flatMap((r) => r.trend.map((t) => t.month_end)))].sort();
  const trend = workbook.addWorksheet('Trend');
  trend.addRow(['Year-to-date rate % by month end', ...months]).font = { bold: true };
  for (const r of scorecard.measures) {
    const byMonth = new Map(r.trend.map((t) => [t.month_end, t.performance_rate]));
    trend.addRow([measureLabel(r), ...months.map((m) => {
      const rate = byMonth.get(m);
      return rate === undefined ? '' : rate === null ? SUPPRESSED : Math.round(rate * 10) / 10;
    })]);
  }
  trend.getColumn(1).width = 62;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
