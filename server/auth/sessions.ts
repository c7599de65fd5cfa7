// Server-side sessions. The cookie holds 32 random bytes; the table keeps only their sha256, so a
// copy of the database cannot be turned into working cookies. Lifetime is absolute (no renewal).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request } from 'express';
import type { Database } from '../db/database.ts';
import type { Role, Viewer } from './viewer.ts';

export const SESSION_COOKIE = 'caliper_session';
export const SESSION_MINUTES = 8 * 60;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

/** httpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), Secure over https. */
export const sessionCookieOptions = (req: Request): CookieOptions => ({
  httpOnly: true,
  sameSite: 'strict',
  secure: req.secure,
  path: '/',
  maxAge: SESSION_MINUTES * 60_000,
});

export interface Session {
  id: string;
  csrfToken: string;
}

export async function startSession(db: Database, userId: number): Promise<Session> {
  const session = { id: randomToken(), csrfToken: randomToken() };
  await db.queryFile('auth/sessions_delete_expired');
  await db.queryFile('auth/session_insert', {
    session_hash: sha256(session.id),
    user_id: userId,
    csrf_token: session.csrfToken,
    ttl_minutes: SESSION_MINUTES,
  });
  return session;
}

export interface OpenSession {
  viewer: Viewer;
  csrfToken: string;
}

/** The viewer of a live session, or undefined for an unknown, expired or disabled user's session. */
export async function sessionViewer(db: Database, sessionId: string): Promise<OpenSession | undefined> {
  const [row] = await db.queryFile('auth/session_viewer', { session_hash: sha256(sessionId) });
  if (!row) return undefined;
  const role = row.role as Role;
  return {
    viewer: {
      userId: row.user_id as number,
      username: row.username as string,
      role,
      practiceIds: role === 'practice' ? (row.practice_ids as string[]) : null,
    },
    csrfToken: row.csrf_token as string,
  };
}

/** Ends a session. Sessions are never updated, so DuckDB's write-write conflict here means another
 *  transaction (a second sign-out click, a user being disabled) is deleting the same row: ended either way. */
export async function endSession(db: Database, sessionId: string): Promise<void> {
  try {
    await db.queryFile('auth/session_delete', { session_hash: sha256(sessionId) });
  } catch (error) {
    if (!String(error).includes('Conflict on tuple deletion')) throw error;
  }
}

/** Constant-time comparison of the CSRF token a request sent with its session's. */
export function csrfTokenMatches(sent: string | undefined, expected: string): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
