// Users (admin only).
// GET /api/users → { users: [{ user_id, username, role, practice_ids, disabled, created_at, open_sessions }] }
// POST /api/users { username, password, role, practice_ids? } → 201 { user }; 409 when the name is taken
// PATCH /api/users/:username { disabled } → { user }; disabling ends the user's sessions; an admin cannot
//   disable themselves (so there is always one admin left who can undo it).
import { Router } from 'express';
import { z } from 'zod';
import { createUser, listUsers, NewUser, setUserDisabled, Username } from '../auth/users.ts';
import { requireRole, viewerOf } from '../auth/viewer.ts';
import type { Database } from '../db/database.ts';
import { HttpError } from '../errors.ts';
import { NoQuery } from './no-query.ts';

const UserParams = z.object({ username: Username }).strict();
const UserChange = z.object({ disabled: z.boolean() }).strict();

export function usersRouter(db: Database): Router {
  const router = Router();
  const admin = requireRole('admin');

  router.get('/users', admin, async (req, res) => {
    NoQuery.parse(req.query);
    res.json({ users: await listUsers(db) });
  });

  router.post('/users', admin, async (req, res) => {
    res.status(201).json({ user: await createUser(db, NewUser.parse(req.body ?? {})) });
  });

  router.patch('/users/:username', admin, async (req, res) => {
    const { username } = UserParams.parse(req.params);
    const { disabled } = UserChange.parse(req.body ?? {});
    if (disabled && username === viewerOf(res).username) throw new HttpError(400, 'InvalidInput', 'You cannot disable your own account');
    res.json({ user: await setUserDisabled(db, username, disabled) });
  });

  return router;
}
