// Scorecard exports. Shapes:
//   GET /api/exports/:format  format = qpp | qrda3 | fhir | xlsx | pdf → the file as an attachment
//     (application/json, application/xml, application/fhir+json, XLSX, PDF). Aggregate: any signed-in role,
//     exporter included. Query (server/exports/selection.ts): run | period (YYYY), practice (id or TIN) |
//     provider (id or NPI), payer ('*' default), measures ('app-plus' | 'all' | ids), suppress
//     (true|false; default true except qpp/qrda3, which refuse it), apm_entity, cehrt_id.
//   GET /api/exports/providers?practice=ID → { providers: [{ provider_id, name, npi: string | null }] }: the
//     clinicians of a practice an export can be about (the provider query parameter takes provider_id or NPI).
//   GET /api/exports/fhir/subject-list  → Bundle of subject-list MeasureReports (patient-level: viewer's
//     practice scope, audited; exporter refused).
//   GET /api/exports/fhir/patients/:patientId/gaps-in-care → DEQM gaps-in-care Bundle with the patient's
//     individual MeasureReports (patient-level: scoped, audited; out of scope → 404).
import { Router } from 'express';
import { z } from 'zod';
import { auditPatientRead } from '../auth/audit.ts';
import { patientViewerOf, practiceScope, viewerOf } from '../auth/viewer.ts';
import type { Database } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { exportFile } from '../exports/export-file.ts';
import { patientGapsBundle, subjectListBundle } from '../exports/patient-reports.ts';
import { ExportQuery, FORMATS, resolveSelection } from '../exports/selection.ts';

const Format = z.enum(FORMATS);
const ProvidersQuery = z.object({ practice: z.string().regex(/^[\w.-]{1,64}$/, 'a practice id') }).strict();
const PatientId = z.string().regex(/^[\w./-]{1,128}$/, 'a patient id');

export function exportsRouter(db: Database): Router {
  const router = Router();

  router.get('/exports/providers', async (req, res) => {
    viewerOf(res);
    const { practice } = ProvidersQuery.parse(req.query);
    res.json({ providers: await db.queryFile('exports/providers', { practice_id: practice }) });
  });

  router.get('/exports/fhir/subject-list', async (req, res) => {
    const viewer = patientViewerOf(res);
    const selection = await resolveSelection(db, 'fhir', ExportQuery.parse(req.query));
    const report = await subjectListBundle(db, selection, practiceScope(viewer));
    await auditPatientRead(db, res, { route: '/api/exports/fhir/subject-list', patientCount: report.patientIds.length });
    res.type('application/fhir+json').json(report.resource);
  });

  router.get('/exports/fhir/patients/:patientId/gaps-in-care', async (req, res) => {
    const viewer = patientViewerOf(res);
    const patientId = PatientId.parse(req.params.patientId);
    const selection = await resolveSelection(db, 'fhir', ExportQuery.parse(req.query));
    const report = await patientGapsBundle(db, selection, practiceScope(viewer), patientId);
    if (!report) throw notFound(`Patient ${patientId}`);
    await auditPatientRead(db, res, { route: '/api/exports/fhir/patients/:patientId/gaps-in-care', patientIds: report.patientIds, patientCount: 1 });
    res.type('application/fhir+json').json(report.resource);
  });

  router.get('/exports/:format', async (req, res) => {
    viewerOf(res);
    const file = await exportFile(db, Format.parse(req.params.format), ExportQuery.parse(req.query));
    res.type(file.contentType).attachment(file.filename).send(file.body);
  });

  return router;
}
