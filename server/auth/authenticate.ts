// Authentication for /api: every route needs a live session except the few named public here; the
// session's viewer goes to res.locals.viewer. State-changing requests must also echo the session's
// CSRF token in X-CSRF-Token (synchronizer token, OWASP CSRF Prevention Cheat Sheet), on top of the
// SameSite=Strict cookie.
import { parse as parseCookies } from 'cookie';
import type { RequestHandler } from 'express';
import type { Database } from '../db/database.ts';
import { HttpError } from '../errors.ts';
import { csrfTokenMatches, SESSION_COOKIE, sessionViewer } from './sessions.ts';

/** Method and path (relative to /api) of the routes anyone may call. */
const PUBLIC = new Set(['GET /health', 'HEAD /health', 'POST /auth/login']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_HEADER = 'x-csrf-token';

/** The session id a request's cookie carries, if any. */
export const sessionIdOf = (cookieHeader: string | undefined): string | undefined =>
  cookieHeader ? parseCookies(cookieHeader)[SESSION_COOKIE] : undefined;

export function authenticate(db: Database): RequestHandler {
  return async (req, res, next) => {
    if (PUBLIC.has(`${req.method} ${req.path}`)) return next();
    const sessionId = sessionIdOf(req.headers.cookie);
    const session = sessionId ? await sessionViewer(db, sessionId) : undefined;
    if (!session) throw new HttpError(401, 'Unauthenticated', 'Sign in first');
    if (!SAFE_METHODS.has(req.method) && !csrfTokenMatches(req.get(CSRF_HEADER), session.csrfToken)) {
      throw new HttpError(403, 'CsrfTokenMismatch', 'Missing or wrong X-CSRF-Token header');
    }
    res.locals.viewer = session.viewer;
    res.locals.csrfToken = session.csrfToken;
    next();
  };
}
