// Demo accounts for `caliper start` on the sample network (and the browser tests): one per role and a
// practice user for each of two sample practices. Their passwords are public (README), so they are
// created only in a database that has no user at all.
import type { Database } from '../db/database.ts';
import { createUser, listUsers } from './users.ts';
import type { Role } from './viewer.ts';

export interface DemoUser {
  username: string;
  password: string;
  role: Role;
  practice_ids: string[];
}

export const DEMO_PASSWORD = 'caliper-demo-2026';

const demo = (username: string, role: Role, practice_ids: string[] = []): DemoUser => ({ username, password: DEMO_PASSWORD, role, practice_ids });

export const DEMO_USERS: DemoUser[] = [
  demo('admin', 'admin'),
  demo('network', 'network'),
  demo('exporter', 'exporter'),
  demo('p01', 'practice', ['P01']),
  demo('p02', 'practice', ['P02']),
];

/** Creates the demo users when the database has no user yet; returns the demo users it holds and
 *  that may sign in (so `caliper start` can print them every time). */
export async function ensureDemoUsers(db: Database): Promise<DemoUser[]> {
  const [{ users } = { users: 0 }] = await db.queryFile('auth/user_count');
  if (users === 0) for (const user of DEMO_USERS) await createUser(db, user);
  const active = new Set((await listUsers(db)).filter((u) => !u.disabled).map((u) => u.username));
  return DEMO_USERS.filter((u) => active.has(u.username));
}
