// caliper users: add, list, disable and enable users of a database (the admin screen does the same over
// the API while the server runs; DuckDB lets one process at a time open the file).
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { createUser, listUsers, setUserDisabled, ROLES, type NewUser } from '../auth/users.ts';
import { config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { HttpError } from '../errors.ts';

const USAGE = `Usage: caliper users <action> [--db FILE]

  add <username> --role ${ROLES.join('|')} [--practice ID]...
        the password is read from standard input (one line, at least 12 characters),
        e.g. printf '%s\\n' "$PASSWORD" | caliper users add dr.lee --role practice --practice P01
  list                 every user with role, practices, status and open sessions
  disable <username>   refuse sign-in and end the user's sessions
  enable <username>    allow sign-in again
  --db FILE  database file (default ${config.CALIPER_DB})`;

/** One line from stdin; prompts on a terminal. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function act(db: Database, action: string, positionals: string[], role: string | undefined, practices: string[]): Promise<string> {
  const [username] = positionals;
  switch (action) {
    case 'add': {
      const user = await createUser(db, { username: username ?? '', password: await readPassword(), role: role as NewUser['role'], practice_ids: practices });
      return `added ${user.username} (${user.role}${practices.length ? `: ${practices.join(', ')}` : ''})`;
    }
    case 'list':
      return (await listUsers(db))
        .map((u) => [u.username, u.role, (u.practice_ids as string[]).join(',') || '-', u.disabled ? 'disabled' : 'active', `${u.open_sessions} session(s)`].join('\t'))
        .join('\n');
    case 'disable':
    case 'enable':
      await setUserDisabled(db, username ?? '', action === 'disable');
      return `${action}d ${username}`;
    default:
      throw new HttpError(400, 'Usage', USAGE);
  }
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { db: { type: 'string' }, role: { type: 'string' }, practice: { type: 'string', multiple: true }, help: { type: 'boolean' } },
    });
  } catch (error) {
    console.error(`caliper users: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (values.help || !action) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  const db = await openDatabase(values.db ?? config.CALIPER_DB);
  try {
    console.log(await act(db, action, rest, values.role, values.practice ?? []));
    return 0;
  } catch (error) {
    if (error instanceof ZodError) {
      console.error(`caliper users: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return 2;
    }
    if (error instanceof HttpError) {
      console.error(error.code === 'Usage' ? error.message : `caliper users: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    db.close();
  }
}
