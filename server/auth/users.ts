// Users: who may sign in, with which role and, for practice users, which practices.
// The input schemas here are shared by the users API and `caliper users`.
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import type { Row } from '../db/json.ts';
import { HttpError } from '../errors.ts';
import { hashPassword } from './passwords.ts';
import type { Role } from './viewer.ts';

export const ROLES = ['admin', 'network', 'practice', 'exporter'] as const satisfies readonly Role[];

export const Username = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '3-64 lower-case letters, digits, . _ - (starting with a letter or digit)');
// NIST SP 800-63B 5.1.1.2: at least 8 characters, allow long passphrases; 12 asked here for a PHI system.
export const Password = z.string().min(12, 'at least 12 characters').max(256);
export const PracticeId = z.string().regex(/^[\w.-]{1,64}$/, 'a practice id (letters, digits, . _ -)');

export const NewUser = z
  .object({
    username: Username,
    password: Password,
    role: z.enum(ROLES),
    practice_ids: z.array(PracticeId).max(100).default([]),
  })
  .strict()
  .refine((u) => (u.role === 'practice') === (u.practice_ids.length > 0), {
    message: 'a practice user names one or more practices; other roles name none',
    path: ['practice_ids'],
  });
export type NewUser = z.input<typeof NewUser>;

/** Practice ids need not be loaded yet: a practice's users may be set up before its first extract. */
export async function createUser(db: Database, input: NewUser): Promise<Row> {
  const user = NewUser.parse(input);
  try {
    const [created] = await db.queryFile('auth/user_insert', {
      username: user.username,
      password_hash: await hashPassword(user.password),
      role: user.role,
      practice_ids: JSON.stringify(user.practice_ids),
    });
    return created!;
  } catch (error) {
    if (/Duplicate key|unique constraint/i.test(String(error))) throw new HttpError(409, 'Conflict', `User ${user.username} already exists`);
    throw error;
  }
}

export const listUsers = (db: Database): Promise<Row[]> => db.queryFile('auth/users_list');

/** Disable (ending every session at once) or re-enable a user. */
export async function setUserDisabled(db: Database, username: string, disabled: boolean): Promise<Row> {
  const [user] = await db.queryFile('auth/user_set_disabled', { username, disabled });
  if (!user) throw new HttpError(404, 'NotFound', `User ${username} not found`);
  if (disabled) await db.queryFile('auth/sessions_end_of_user', { username });
  return user;
}
