// GET /api/patients/:patientId: one enterprise patient behind the gaps: demographics, attribution, the
// practice records linked into them, every measure outcome of the run with its deciding record, and a
// timeline of those records and the period's encounters. Reads the run's patient-ordered marts
// (patient_card, patient_measure, patient_timeline: server/marts/build.ts), so demographics and records are
// those of the run's linking. Patient-level: the viewer's practice scope is a
// parameter of the SQL itself, a patient outside it is 404 (existence is not revealed), and reads are audited.
//
// Path: patientId = enterprise patient id. Query (optional): run (finished run id; default the latest).
// Response 200:
// {
//   run: { run_id, period_start, period_end, as_of, attribution_method },
//   patient: { patient_id, name: 'FAMILY, Given', birth_date: 'YYYY-MM-DD' | null, sex, race, ethnicity,
//              postal_code },                                   // race/ethnicity: CDC codes, race 'multiple'
//   attribution: { practice_id, practice_name, provider_id: string | null, provider_name: string | null } | null,
//   records: [{ practice_id, practice_name, source_patient_id, link_rule, link_score: number | null }],
//   measures: [{ measure_id, group_id, title, inverse: boolean, initial_population, denominator,
//                denominator_exclusion, denominator_exception, numerator, gap: boolean,   // booleans
//                gap_reason, gap_text, evidence_date, evidence_value, evidence_table, evidence_record_id,
//                evidence_source_id, exclusion_reason, close_by, close_action }],         // strings or null
//   timeline: [{ date: 'YYYY-MM-DD' | null, table, record_id, source_id, practice_id, description, value,
//                measure_ids: string[] }]                       // oldest first; [] = a visit for context
// }
// Errors: 400 InvalidInput, 401 Unauthenticated, 403 Forbidden (roles without patient access),
// 404 NotFound (no run, or no such patient for this viewer).
import { Router } from 'express';
import { z } from 'zod';
import { auditPatientRead } from '../auth/audit.ts';
import { patientViewerOf, practiceScope } from '../auth/viewer.ts';
import type { Database } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { DashboardParams, dashboardRun, measureFacts, runSummary } from '../marts/run.ts';

const PatientQuery = z.object({ run: DashboardParams.run }).strict();

export function patientsRouter(db: Database): Router {
  const router = Router();
  router.get('/patients/:patientId', async (req, res) => {
    const viewer = patientViewerOf(res);
    const patientId = DashboardParams.id.parse(req.params.patientId);
    const query = PatientQuery.parse(req.query);
    const run = await dashboardRun(db, query.run);
    const params = { run_id: run.run_id, patient_id: patientId };
    const [patient] = await db.queryFile('marts/dashboard/patient', { ...params, practice_ids: practiceScope(viewer) });
    if (!patient) throw notFound(`Patient ${patientId}`);
    const [measures, timeline] = await Promise.all([
      db.queryFile('marts/dashboard/patient_measures', params),
      db.queryFile('marts/dashboard/patient_timeline', params),
    ]);
    await auditPatientRead(db, res, { route: '/api/patients/:patientId', patientIds: [patientId], patientCount: 1 });
    const { attributed_practice_id, attributed_practice_name, attributed_provider_id, attributed_provider_name, records, ...demographics } = patient;
    res.json({
      run: runSummary(run),
      patient: demographics,
      attribution:
        attributed_practice_id === null
          ? null
          : {
              practice_id: attributed_practice_id,
              practice_name: attributed_practice_name,
              provider_id: attributed_provider_id,
              provider_name: attributed_provider_name,
            },
      records,
      measures: measures.map((m) => {
        const { title, inverse } = measureFacts(m.measure_id as string);
        return { measure_id: m.measure_id, group_id: m.group_id, title, inverse, ...m };
      }),
      timeline,
    });
  });
  return router;
}
