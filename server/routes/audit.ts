// The patient-access audit log (admin only), newest first.
// GET /api/audit?page=1&per_page=50&username=&patient= → { entries: [{ audit_id, accessed_at, user_id, username,
//   role, route, request, patient_ids (null when only a count was recorded), patient_count }], total, page, per_page }
import { Router } from 'express';
import { z } from 'zod';
import { Username } from '../auth/users.ts';
import { requireRole } from '../auth/viewer.ts';
import type { Database } from '../db/database.ts';

const AuditQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    per_page: z.coerce.number().int().min(1).max(500).default(50),
    username: Username.optional(),
    patient: z.string().min(1).max(128).optional(),
  })
  .strict();

export function auditRouter(db: Database): Router {
  const router = Router();
  router.get('/audit', requireRole('admin'), async (req, res) => {
    const query = AuditQuery.parse(req.query);
    const filters = { username: query.username ?? null, patient_id: query.patient ?? null };
    const [entries, [count]] = await Promise.all([
      db.queryFile('auth/audit_page', { ...filters, limit: query.per_page, offset: (query.page - 1) * query.per_page }),
      db.queryFile('auth/audit_count', filters),
    ]);
    res.json({ entries, total: count!.total, page: query.page, per_page: query.per_page });
  });
  return router;
}
