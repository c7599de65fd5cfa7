// GET /api/sources: per practice, the files loaded, their counts and reject reasons, data completeness and
// patient linking.
// Response 200:
// {
//   files: [{ practice_id, practice_name, ehr, source_file_id, path, format, content, sha256, bytes, rows_read,
//             rows_loaded, rows_rejected, status, loaded_at }],            // file columns null for a practice without files
//   rejects: [{ practice_id, resource_type, reason, rows_rejected }],
//   completeness: [{ practice_id, patients, patients_with_bp, bp_share: number | null (0-1), lab_results,
//                    lab_results_loinc, lab_loinc_share: number | null (0-1), unmapped_local_codes,
//                    unmapped_observations }],                           // observations with no LOINC/SNOMED coding
//   linking: [{ practice_id, records, patients, records_shared_with_other_practices,
//               min_link_score: number | null, rules: [{ rule, records }] | null }]
// }
import { Router } from 'express';
import type { Database } from '../db/database.ts';
import { sourcesQuality, sourcesStatus } from '../sources-status.ts';

export function sourcesRouter(db: Database): Router {
  const router = Router();
  router.get('/sources', async (_req, res) => {
    const [status, quality] = await Promise.all([sourcesStatus(db), sourcesQuality(db)]);
    res.json({ ...status, ...quality });
  });
  return router;
}
