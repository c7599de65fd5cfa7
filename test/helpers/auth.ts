// Signed-in supertest agents for API tests: a fresh user of the given role, signed in through
// POST /api/auth/login, whose requests carry the session cookie and the CSRF token.
import type { Express } from 'express';
import request from 'supertest';
import { createUser } from '../../server/auth/users.ts';
import type { Role } from '../../server/auth/viewer.ts';
import type { Database } from '../../server/db/database.ts';

export type SignedInAgent = ReturnType<typeof request.agent>;

let users = 0;

export const TEST_PASSWORD = 'correct horse battery staple';

export async function signedInAgent(app: Express, db: Database, role: Role, practiceIds: string[] = []): Promise<SignedInAgent> {
  const username = `test-${role}-${++users}`;
  await createUser(db, { username, password: TEST_PASSWORD, role, practice_ids: practiceIds });
  const agent = request.agent(app);
  const res = await agent.post('/api/auth/login').send({ username, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  agent.set('X-CSRF-Token', res.body.csrf_token as string);
  return agent;
}
