// Creates (idempotently) every table and view under sql/schema/ in file order, then the seed tables.
import type { Database } from './database.ts';
import { SQL_ROOT, sqlFile, sqlFilesUnder } from './sql-registry.ts';
import path from 'node:path';

export async function applySchema(db: Database): Promise<void> {
  for (const name of sqlFilesUnder('schema')) await db.exec(sqlFile(name));
  await db.exec(
    `INSERT OR REPLACE INTO code_system_alias
     SELECT lower(alias), code_system FROM read_csv($path, header = true, all_varchar = true)`,
    { path: path.join(SQL_ROOT, 'seed', 'code_system_alias.csv') },
  );
  await db.exec(
    `INSERT OR REPLACE INTO given_name_nickname
     SELECT upper(trim(nickname)), upper(trim(canonical)) FROM read_csv($path, header = true, all_varchar = true)`,
    { path: path.join(SQL_ROOT, 'seed', 'given_name_nickname.csv') },
  );
  await db.exec(
    `INSERT OR REPLACE INTO provider_taxonomy_specialty
     SELECT upper(trim(taxonomy_code)), trim(specialty_code), taxonomy_name FROM read_csv($path, header = true, all_varchar = true)`,
    { path: path.join(SQL_ROOT, 'seed', 'provider_taxonomy_specialty.csv') },
  );
}
