// FHIR Bundle JSON reader: one (pretty-printed) Bundle per file, its entries staged as the batch's lines.
// A Bundle is a single JSON document, so invalid UTF-8 or invalid JSON make the whole file unreadable:
// those are file-level rejects. See sql/normalize/fhir/stage_bundle.sql.
import type { DuckDBConnection } from '@duckdb/node-api';
import { FileRejectedError } from './file-rejected.ts';
import { runSqlFile } from '../db/sql-script.ts';

export const isBundleJson = (file: string): boolean => /\.json$/i.test(file);

export async function stageBundle(connection: DuckDBConnection, file: string): Promise<void> {
  let check;
  try {
    check = await runSqlFile(connection, 'normalize/fhir/bundle_check', { path: file });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // read_text refuses any file that is not valid UTF-8.
    if (/UTF-8/i.test(message)) throw new FileRejectedError('InvalidEncoding', 'the file is not valid UTF-8');
    throw error;
  }
  const { chars, json_ok } = check[0] ?? {};
  if (chars !== 0 && json_ok !== true) throw new FileRejectedError('MalformedJson', 'the file is not one valid JSON document');
  await runSqlFile(connection, 'normalize/fhir/stage_bundle', { path: file });
}
