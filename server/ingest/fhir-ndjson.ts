// FHIR NDJSON reader (Bulk Data: one resource per line, one file per resource type): stages a file's
// lines as text with DuckDB's CSV reader, which keeps each line whole and lists the lines it refuses
// (invalid UTF-8, ...) in a rejects table instead of failing the file. See sql/normalize/fhir/stage_ndjson.sql.
import type { DuckDBConnection } from '@duckdb/node-api';
import { runSqlFile } from '../db/sql-script.ts';

/** Bulk Data file names: *.ndjson, optionally gzip-compressed (DuckDB decompresses by extension). */
export const isNdjson = (file: string): boolean => /\.ndjson(\.gz)?$/i.test(file);

export async function stageNdjson(connection: DuckDBConnection, file: string): Promise<void> {
  await runSqlFile(connection, 'normalize/fhir/stage_ndjson', { path: file });
}
