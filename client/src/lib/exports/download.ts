// Exports screen helpers: the API URL of an export and its download through fetch (so API errors reach the
// screen as ApiError, server/routes/exports.ts documents the query), saved under the server's file name.
import { getJson, request } from '../api/http.ts';

export type ExportFormat = 'qpp' | 'qrda3' | 'fhir' | 'xlsx' | 'pdf';

export interface ExportChoice {
  format: ExportFormat;
  practice: string;
  /** A clinician of the chosen practice (provider_id); '' = the whole practice. */
  provider: string;
  payer: string;
  measures: 'app-plus' | 'all';
  suppress: boolean;
  apmEntity: string;
  cehrtId: string;
}

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  qpp: 'QPP Submissions API JSON (CMS)',
  qrda3: 'QRDA Category III XML (CMS)',
  fhir: 'FHIR R4 MeasureReport Bundle',
  xlsx: 'Excel scorecard (XLSX)',
  pdf: 'PDF scorecard',
};

export const isCms = (format: ExportFormat) => format === 'qpp' || format === 'qrda3';

export function exportUrl(c: ExportChoice): string {
  const query = new URLSearchParams();
  if (c.provider) query.set('provider', c.provider);
  else if (c.practice) query.set('practice', c.practice);
  if (c.payer !== '*') query.set('payer', c.payer);
  query.set('measures', c.measures);
  if (isCms(c.format)) {
    if (c.apmEntity && !c.practice) query.set('apm_entity', c.apmEntity);
    if (c.cehrtId && c.format === 'qrda3') query.set('cehrt_id', c.cehrtId);
  } else query.set('suppress', String(c.suppress));
  return `/api/exports/${c.format}?${query}`;
}

export interface ExportProvider {
  provider_id: string;
  name: string;
  npi: string | null;
}

/** The clinicians of a practice an export can be about. */
export const fetchExportProviders = (practice: string) =>
  getJson<{ providers: ExportProvider[] }>(`/api/exports/providers?practice=${encodeURIComponent(practice)}`).then((r) => r.providers);

/** Fetches the export and hands it to the browser as a download; returns the file name. */
export async function download(url: string): Promise<string> {
  const response = await request(url);
  const filename = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'caliper-export';
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return filename;
}
