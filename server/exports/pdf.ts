// PDF scorecard (pdfkit), landscape letter: header, one table row per measure group with its counts, rate,
// a bar of the rate against the benchmark decile boundaries, and a year-to-date sparkline; footnotes last.
import PDFDocument from 'pdfkit';
import type { MeasureRate, Scorecard } from './scorecard.ts';
import { footnotes, formatCount, formatRate, headerLines, measureLabel } from './scorecard-layout.ts';

const COLUMNS: { title: string; width: number; text: (r: MeasureRate) => string }[] = [
  { title: 'Measure', width: 230, text: (r) => `${measureLabel(r)}${r.measure.improvementNotation === 'decrease' ? ' (inverse)' : ''}` },
  { title: 'MIPS', width: 34, text: (r) => r.measure.mipsId ?? '' },
  { title: 'Denom.', width: 44, text: (r) => formatCount(r.counts.denominator) },
  { title: 'Excl.', width: 38, text: (r) => formatCount(r.counts.denominator_exclusion) },
  { title: 'Exc.', width: 34, text: (r) => formatCount(r.counts.denominator_exception) },
  { title: 'Numer.', width: 44, text: (r) => formatCount(r.counts.numerator) },
  { title: 'Rate', width: 44, text: (r) => formatRate(r.rate) },
  { title: 'Decile', width: 38, text: (r) => (r.benchmarkDecile === null ? '–' : String(r.benchmarkDecile)) },
  { title: 'Gaps', width: 40, text: (r) => formatCount(r.counts.open_gaps) },
];
const BAR_WIDTH = 90;
const SPARK_WIDTH = 70;
const ROW = 26;

function rateBar(doc: PDFKit.PDFDocument, r: MeasureRate, x: number, y: number): void {
  doc.save().rect(x, y + 7, BAR_WIDTH, 8).fill('#eeeeee');
  for (const p of r.benchmarkPercentiles ?? []) doc.moveTo(x + (p / 100) * BAR_WIDTH, y + 5).lineTo(x + (p / 100) * BAR_WIDTH, y + 17).lineWidth(0.5).stroke('#999999');
  if (r.rate !== null) doc.rect(x, y + 9, (r.rate / 100) * BAR_WIDTH, 4).fill('#1f5f99');
  doc.restore();
}

function sparkline(doc: PDFKit.PDFDocument, r: MeasureRate, x: number, y: number): void {
  const points = r.trend.filter((t) => t.performance_rate !== null);
  if (points.length < 2) return;
  const step = SPARK_WIDTH / (r.trend.length - 1);
  doc.save().lineWidth(1).strokeColor('#1f5f99');
  points.forEach((t, i) => {
    const px = x + r.trend.indexOf(t) * step;
    const py = y + 20 - (t.performance_rate! / 100) * 16;
    if (i === 0) doc.moveTo(px, py);
    else doc.lineTo(px, py);
  });
  doc.stroke().restore();
}

export function scorecardPdf(scorecard: Scorecard): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', layout: 'landscape', margin: 36, info: { Title: 'Quality scorecard', Author: 'Caliper' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Helvetica-Bold').fontSize(18).text('Quality scorecard');
  doc.font('Helvetica').fontSize(10);
  for (const line of headerLines(scorecard)) doc.text(line);
  doc.moveDown();

  const left = doc.page.margins.left;
  const drawHead = () => {
    let x = left;
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(9);
    for (const c of [...COLUMNS, { title: 'Rate vs benchmark deciles', width: BAR_WIDTH + 8 }, { title: 'Year to date', width: SPARK_WIDTH }]) {
      doc.text(c.title, x, y, { width: c.width - 4 });
      x += c.width;
    }
    doc.moveTo(left, y + 22).lineTo(doc.page.width - doc.page.margins.right, y + 22).lineWidth(0.5).stroke('#333333');
    doc.y = y + 26;
  };
  drawHead();
  scorecard.measures.forEach((r, i) => {
    if (doc.y + ROW > doc.page.height - doc.page.margins.bottom - 40) {
      doc.addPage();
      drawHead();
    }
    const y = doc.y;
    if (i % 2 === 1) doc.save().rect(left, y - 3, doc.page.width - left - doc.page.margins.right, ROW).fill('#f5f7fa').restore();
    let x = left;
    doc.font('Helvetica').fontSize(8.5).fillColor('#000000');
    for (const c of COLUMNS) {
      doc.text(c.text(r), x, y, { width: c.width - 4, height: ROW - 4, ellipsis: true });
      x += c.width;
    }
    rateBar(doc, r, x, y - 3);
    sparkline(doc, r, x + BAR_WIDTH + 8, y - 3);
    doc.y = y + ROW;
  });
  doc.moveDown();
  doc.font('Helvetica-Oblique').fontSize(8).fillColor('#333333');
  for (const note of footnotes(scorecard)) doc.text(note, left, doc.y, { width: doc.page.width - left - doc.page.margins.right });
  doc.end();
  return done;
}
