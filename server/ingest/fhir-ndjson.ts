// FHIR NDJSON reader (Bulk Data: one resource per line, one file per resource type): stages the lines of a
// batch's files as text in one pass of DuckDB's CSV reader, which keeps each line whole and lists the lines
// it refuses (invalid UTF-8, ...) in a rejects table instead of failing the files. See
// sql/normalize/fhir/stage_ndjson.sql.
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { runSqlFile } from '../db/sql-script.ts';

/** Bulk Data file names: *.ndjson, optionally gzip-compressed (DuckDB decompresses by extension). */
export const isNdjson = (file: string): boolean => /\.ndjson(\.gz)?$/i.test(file);

/** Stage the files (the paths of fhir_batch_file, batch_files.sql) in one read. */
export async function stageNdjson(connection: DuckDBConnection, paths: string[]): Promise<void> {
  await runSqlFile(connection, 'normalize/fhir/stage_ndjson', { paths: listValue(paths) });
}
