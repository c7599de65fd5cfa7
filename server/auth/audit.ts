// The audit trail of patient-level access (45 CFR 164.312(b), audit controls): every patient-level read
// and export appends one row saying who, when, which route and request, and which patients or how many.
// Routes call this after their query and before sending, so a response never leaves unrecorded.
import type { Response } from 'express';
import type { Database } from '../db/database.ts';
import { viewerOf } from './viewer.ts';

export interface AuditEntry {
  /** The route pattern, e.g. '/api/patients/:patientId'. */
  route: string;
  /** The patients shown, when the response names them (omit for large lists; the count is kept). */
  patientIds?: string[];
  patientCount: number;
}

export async function auditPatientRead(db: Database, res: Response, entry: AuditEntry): Promise<void> {
  const viewer = viewerOf(res);
  await db.queryFile('auth/audit_insert', {
    user_id: viewer.userId,
    username: viewer.username,
    role: viewer.role,
    route: entry.route,
    request: `${res.req.method} ${res.req.originalUrl}`,
    patient_ids: entry.patientIds === undefined ? null : JSON.stringify(entry.patientIds),
    patient_count: entry.patientCount,
  });
}
