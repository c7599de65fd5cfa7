// caliper export --format qpp|qrda3|fhir|xlsx|pdf --out FILE [--db FILE] [--run N | --period YYYY]
//   [--practice ID|TIN | --provider ID|NPI] [--payer TYPE] [--measures app-plus|all|ID,...]
//   [--suppress true|false] [--apm-entity ID] [--cehrt-id ID]
// Defaults: the latest finished run of a complete period, the whole network, all payers.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { exportFile } from '../exports/export-file.ts';
import { ExportQuery, FORMATS, type ExportFormat } from '../exports/selection.ts';

const HELP = `Usage: caliper export --format ${FORMATS.join('|')} --out FILE [options]

Writes a quality scorecard export of one measure run, read from the same precomputed rates as the dashboard.
  --format F            qpp (QPP Submissions API JSON), qrda3 (QRDA Category III XML), fhir (MeasureReport
                        Bundle), xlsx or pdf (payer scorecards)
  --out FILE            where to write it
  --db FILE             database (default CALIPER_DB)
  --run N | --period YYYY   a finished run, or the latest of a measurement year (default: latest complete period)
  --practice ID|TIN | --provider ID|NPI   one practice or provider (default: the whole network)
  --payer TYPE          an SOP payer type (default: all payers)
  --measures SET        app-plus, all or a comma-separated list (default: app-plus for qpp/qrda3, else all)
  --suppress true|false withhold counts 1-10 (default true for payer exports; CMS submissions refuse it)
  --apm-entity ID       APM Entity ID (network submissions in qpp/qrda3)
  --cehrt-id ID         CMS EHR Certification ID (qrda3)`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      db: { type: 'string' },
      run: { type: 'string' },
      period: { type: 'string' },
      practice: { type: 'string' },
      provider: { type: 'string' },
      payer: { type: 'string' },
      measures: { type: 'string' },
      suppress: { type: 'string' },
      'apm-entity': { type: 'string' },
      'cehrt-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.format || !FORMATS.includes(values.format as ExportFormat) || !values.out) {
    console.error(HELP);
    return 2;
  }
  const query = ExportQuery.parse({
    run: values.run,
    period: values.period,
    practice: values.practice,
    provider: values.provider,
    payer: values.payer,
    measures: values.measures,
    suppress: values.suppress,
    apm_entity: values['apm-entity'],
    cehrt_id: values['cehrt-id'],
  });
  const db = await openDatabase(values.db ?? config.CALIPER_DB);
  try {
    const file = await exportFile(db, values.format as ExportFormat, query);
    fs.writeFileSync(values.out, file.body);
    const { run: r, entity, payer, measures, suppress } = file.selection;
    console.log(`${values.out}: ${values.format} for ${entity.type === 'network' ? 'the network' : `${entity.type} ${entity.id}`}, run ${r.run_id} (${r.period_start} to ${r.period_end}), payer ${payer}, ${measures.length} measures${suppress ? ', small cells suppressed' : ''}, ${file.body.length} bytes`);
    return 0;
  } finally {
    db.close();
  }
}
