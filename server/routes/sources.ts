// GET /api/sources: per practice, its loads rolled up, data completeness and patient linking (marts built after
// each load: server/marts/source-quality.ts); the reject reasons; and the files of one practice when asked (a
// 1M-patient network has thousands of files: the screen lists them for the practice chosen, never all at once).
// Query (optional): practice (a practice id: send its files).
// Response 200:
// {
//   practices: [{ practice_id, practice_name, ehr, files, rows_read, rows_loaded, rows_rejected,
//                 statuses: { loaded, empty, failed },               // files per status
//                 last_loaded_at: string | null }],                  // every practice, files or not
//   files: [{ practice_id, source_file_id, path, format, content, sha256, bytes, rows_read, rows_loaded,
//             rows_rejected, status, loaded_at }],                   // ?practice='s files; [] without it
//   rejects: [{ practice_id, resource_type, reason, rows_rejected }],
//   completeness: [{ practice_id, patients, patients_with_bp, bp_share: number | null (0-1), lab_results,
//                    lab_results_loinc, lab_loinc_share: number | null (0-1), unmapped_local_codes,
//                    unmapped_observations }],                           // observations with no LOINC/SNOMED coding
//   linking: [{ practice_id, records, patients, records_shared_with_other_practices,
//               min_link_score: number | null, rules: [{ rule, records }] | null }]
// }
// Errors: 400 InvalidInput (bad parameter).
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { DashboardParams } from '../marts/run.ts';
import { ensureSourceQuality } from '../marts/source-quality.ts';

const SourcesQuery = z.object({ practice: DashboardParams.id.optional() }).strict();

export function sourcesRouter(db: Database): Router {
  const router = Router();
  router.get('/sources', async (req, res) => {
    const query = SourcesQuery.parse(req.query);
    await ensureSourceQuality(db); // the per-load marts, rebuilt first if a load happened since
    const [practices, files, rejects, completeness, linking] = await Promise.all([
      db.queryFile('marts/dashboard/source_practices'),
      query.practice === undefined ? [] : db.queryFile('marts/dashboard/source_files', { practice_id: query.practice }),
      db.queryFile('marts/reject_reasons'),
      db.queryFile('marts/dashboard/source_completeness'),
      db.queryFile('marts/dashboard/source_linking'),
    ]);
    res.json({ practices, files, rejects, completeness, linking });
  });
  return router;
}
