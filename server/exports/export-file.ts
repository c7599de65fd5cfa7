// One export as a file: the selection's scorecard laid out in the asked format, with its media type and a
// file name. The API and `caliper export` both produce files here.
import type { Database } from '../db/database.ts';
import { summaryBundle } from './fhir.ts';
import { scorecardPdf } from './pdf.ts';
import { qppSubmission } from './qpp.ts';
import { qrda3Document } from './qrda3.ts';
import { loadScorecard } from './scorecard.ts';
import { resolveSelection, type ExportFormat, type ExportQuery, type Selection } from './selection.ts';
import { scorecardXlsx } from './xlsx.ts';

export interface ExportFile {
  body: Buffer;
  contentType: string;
  filename: string;
  selection: Selection;
}

const MEDIA: Record<ExportFormat, { type: string; extension: string }> = {
  qpp: { type: 'application/json', extension: 'qpp.json' },
  qrda3: { type: 'application/xml', extension: 'qrda3.xml' },
  fhir: { type: 'application/fhir+json', extension: 'measurereports.json' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  pdf: { type: 'application/pdf', extension: 'pdf' },
};

export async function exportFile(db: Database, format: ExportFormat, query: ExportQuery): Promise<ExportFile> {
  const selection = await resolveSelection(db, format, query);
  const scorecard = await loadScorecard(db, selection);
  const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2));
  const body =
    format === 'qpp' ? json(qppSubmission(scorecard))
    : format === 'qrda3' ? Buffer.from(qrda3Document(scorecard))
    : format === 'fhir' ? json(summaryBundle(scorecard))
    : format === 'xlsx' ? await scorecardXlsx(scorecard)
    : await scorecardPdf(scorecard);
  const { entity, run, payer } = selection;
  const who = entity.type === 'network' ? 'network' : entity.id.replace(/[^\w-]/g, '_');
  const filename = `caliper-${who}-${run.period_start.slice(0, 4)}-run${run.run_id}${payer === '*' ? '' : `-payer${payer}`}.${MEDIA[format].extension}`;
  return { body, contentType: MEDIA[format].type, filename, selection };
}
