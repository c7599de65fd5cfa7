// What an export is about: the run (period), the measure set, the entity (network, practice/TIN,
// provider/NPI) and the payer filter, validated once (zod) and resolved against the database. Every
// format reads the same selection, so a QPP file, a QRDA III file and a scorecard of one selection agree.
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { HttpError, notFound } from '../errors.ts';
import { ensureRunMarts } from '../marts/build.ts';
import { MEASURES } from '../measures/registry.ts';
import type { MeasureDefinition } from '../measures/types.ts';

export const FORMATS = ['qpp', 'qrda3', 'fhir', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof FORMATS)[number];

/** CMS submissions carry exact counts; every other aggregate leaves for a third party (payers). */
export const isCmsSubmission = (format: ExportFormat) => format === 'qpp' || format === 'qrda3';

/** The APP Plus quality measure set reported as eCQMs (42 CFR 414.1367(c)(2)): quality IDs 001, 112, 113, 134, 236. */
export const APP_PLUS_QUALITY_IDS = ['001', '112', '113', '134', '236'];

/** The QPP program a CMS submission of the selection is scored under: APP Plus when every measure is of
 *  its set, traditional MIPS otherwise. QPP programName values "appPlus" and "mips":
 *  CMSgov/qpp-measures-data util/program-names/program-names.json @ 0585c6e1. */
export const cmsProgram = (selection: Pick<Selection, 'measures'>): 'appPlus' | 'mips' =>
  selection.measures.every((m) => m.mipsId !== null && APP_PLUS_QUALITY_IDS.includes(m.mipsId)) ? 'appPlus' : 'mips';

const key = z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, . _ - (at most 64)');
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ExportQuery = z
  .object({
    run: z.string().regex(/^[1-9]\d{0,8}$/, 'a measure run id').transform(Number).optional(),
    period: z.string().regex(/^\d{4}$/, 'a measurement year, YYYY').transform(Number).optional(),
    practice: key.optional(),
    /** provider_id ('P03/3001': practice id / the provider's id in its source) or NPI. */
    provider: z.string().regex(/^[\w./-]{1,64}$/, 'letters, digits, . _ - / (at most 64)').optional(),
    payer: z.string().regex(/^(\*|[\w.-]{1,32})$/, "'*' or an SOP payer type").default('*'),
    /** 'app-plus', 'all' or a comma-separated list of registry ids / CMS ids. */
    measures: z.string().regex(/^[\w,.-]{1,400}$/).optional(),
    suppress: flag.optional(),
    /** APM Entity ID of the network (QPP/QRDA III submissions as an APM entity). */
    apm_entity: z.string().regex(/^[A-Z0-9]{1,10}$/, 'an APM Entity ID').optional(),
    /** CMS EHR Certification ID (QRDA III, CMS IG CONF:CMS_140). */
    cehrt_id: z.string().regex(/^[A-Za-z0-9]{15}$/, 'a 15-character CMS EHR Certification ID').optional(),
  })
  .strict()
  .refine((q) => !(q.practice && q.provider), { message: 'Choose a practice or a provider, not both', path: ['provider'] });
export type ExportQuery = z.output<typeof ExportQuery>;

export interface ExportRun {
  run_id: number;
  period_start: string;
  period_end: string;
  as_of: string;
  attribution_method: string;
}

export interface ExportEntity {
  type: 'network' | 'practice' | 'provider';
  /** measure_rate.entity_id: '*' for the network. */
  id: string;
  name: string;
  tin: string | null;
  npi: string | null;
  practiceId: string | null;
}

export interface Selection {
  format: ExportFormat;
  run: ExportRun;
  entity: ExportEntity;
  payer: string;
  measures: MeasureDefinition[];
  /** Counts 1-10 withheld (CMS cell-size suppression policy). */
  suppress: boolean;
  apmEntity: string | null;
  cehrtId: string | null;
}

function measureSet(spec: string | undefined, format: ExportFormat, computed: string[]): MeasureDefinition[] {
  const inRun = MEASURES.filter((m) => computed.includes(m.id));
  const name = spec ?? (isCmsSubmission(format) ? 'app-plus' : 'all');
  if (name === 'all') return inRun;
  if (name === 'app-plus') return inRun.filter((m) => m.mipsId !== null && APP_PLUS_QUALITY_IDS.includes(m.mipsId));
  const wanted = name.split(',').filter(Boolean);
  const chosen = inRun.filter((m) => wanted.some((w) => w.toLowerCase().replace(/v\d+$/, '') === m.id));
  const unknown = wanted.filter((w) => !chosen.some((m) => m.id === w.toLowerCase().replace(/v\d+$/, '')));
  if (unknown.length > 0) throw new HttpError(400, 'InvalidInput', `Measures not computed in this run: ${unknown.join(', ')}`);
  return chosen;
}

export async function resolveSelection(db: Database, format: ExportFormat, query: ExportQuery): Promise<Selection> {
  const [run] = await db.queryFile('exports/run', { run_id: query.run ?? null, period_year: query.period ?? null });
  if (!run) throw query.run === undefined && query.period === undefined ? new HttpError(404, 'NotFound', 'No finished measure run yet') : notFound('Finished measure run');

  // Runs finished before the marts existed get them built on first use, as the dashboard does.
  await ensureRunMarts(db, run.run_id as number);

  let entity: ExportEntity = { type: 'network', id: '*', name: 'Network', tin: null, npi: null, practiceId: null };
  const entityKey = query.practice ?? query.provider;
  if (entityKey !== undefined) {
    const entityType = query.practice !== undefined ? 'practice' : 'provider';
    const [row] = await db.queryFile('exports/entity', { entity_type: entityType, entity_key: entityKey });
    if (!row) throw notFound(`${entityType === 'practice' ? 'Practice' : 'Provider'} ${entityKey}`);
    entity = { type: entityType, id: String(row.entity_id), name: String(row.name), tin: (row.tin as string) ?? null, npi: (row.npi as string) ?? null, practiceId: String(row.practice_id) };
  }

  const suppress = query.suppress ?? !isCmsSubmission(format);
  if (suppress && isCmsSubmission(format)) {
    throw new HttpError(400, 'InvalidInput', 'CMS submissions carry exact counts: small-cell suppression applies to payer exports only');
  }
  const measures = measureSet(query.measures, format, run.measures as string[]);
  if (measures.length === 0) throw new HttpError(400, 'InvalidInput', 'No measure of the chosen set was computed in this run');
  return {
    format,
    run: { run_id: run.run_id as number, period_start: String(run.period_start), period_end: String(run.period_end), as_of: String(run.as_of), attribution_method: String(run.attribution_method) },
    entity,
    payer: query.payer,
    measures,
    suppress,
    apmEntity: query.apm_entity ?? null,
    cehrtId: query.cehrt_id ?? null,
  };
}
