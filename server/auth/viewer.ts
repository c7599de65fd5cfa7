// Who is asking: the signed-in user's role and the practices they may see. Authentication middleware
// sets it on res.locals; every patient-level route reads it here and passes its scope into the SQL
// ($practice_ids), so scoping is enforced by the query itself, not by the UI.
import type { RequestHandler, Response } from 'express';
import { HttpError } from '../errors.ts';

/** admin: users, sources, uploads; network: all practices; practice: its own practices only;
 *  exporter: aggregate exports only, never patient-level data. */
export type Role = 'admin' | 'network' | 'practice' | 'exporter';

export interface Viewer {
  userId: number;
  username: string;
  role: Role;
  /** Practices whose patients the viewer may see; null = every practice (admin, network). */
  practiceIds: string[] | null;
}

export function viewerOf(res: Response): Viewer {
  const viewer = res.locals.viewer as Viewer | undefined;
  if (!viewer) throw new HttpError(401, 'Unauthenticated', 'Sign in first');
  return viewer;
}

/** The viewer of a patient-level route: refuses roles that never see patients. */
export function patientViewerOf(res: Response): Viewer {
  const viewer = viewerOf(res);
  if (viewer.role === 'exporter') throw new HttpError(403, 'Forbidden', 'This role sees aggregate data only');
  return viewer;
}

/** The $practice_ids parameter of scoped SQL: a JSON array of practice ids, or NULL for every practice.
 *  Queries filter with `$practice_ids IS NULL OR list_contains(from_json($practice_ids, '["VARCHAR"]'), practice_id)`. */
export const practiceScope = (viewer: Viewer): string | null =>
  viewer.practiceIds === null ? null : JSON.stringify(viewer.practiceIds);

/** Middleware for routes only some roles may use (e.g. users, uploads and the audit log: admin). */
export const requireRole =
  (...roles: Role[]): RequestHandler =>
  (_req, res, next) => {
    if (!roles.includes(viewerOf(res).role)) throw new HttpError(403, 'Forbidden', 'Your role may not use this');
    next();
  };
