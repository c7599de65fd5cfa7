// Query results -> Arrow IPC stream, built in Node with explicit apache-arrow types
// (the nanoarrow extension cannot be downloaded here). An empty result still carries its schema.
import {
  Bool,
  DateDay,
  Field,
  Float64,
  Int32,
  Int64,
  Schema,
  Table,
  TimestampMillisecond,
  Utf8,
  makeData,
  makeVector,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { DuckDBTypeId, type DuckDBResultReader, type DuckDBType } from '@duckdb/node-api';
import { jsonConverter } from './json.ts';

/** The Arrow type a DuckDB column is sent as; nested values travel as JSON text. */
function arrowType(type: DuckDBType): DataType {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return new Bool();
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return new Int32();
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
      return new Int64();
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return new Float64();
    case DuckDBTypeId.DATE:
      return new DateDay();
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return new TimestampMillisecond();
    default:
      return new Utf8();
  }
}

function columnVector(values: unknown[], type: DuckDBType, target: DataType): Vector {
  if (values.length === 0) return makeVector(makeData({ type: target, length: 0, nullCount: 0 }));
  switch (target.typeId) {
    case new Int64().typeId:
      return vectorFromArray(values.map((v) => (v === null ? null : BigInt(v as bigint))), target);
    case new DateDay().typeId:
    case new TimestampMillisecond().typeId:
      return vectorFromArray(
        values.map((v) => (v === null ? null : new Date(String(jsonConverter(v as never, type, jsonConverter))))),
        target,
      );
    case new Float64().typeId:
      return vectorFromArray(values.map((v) => (v === null ? null : Number(jsonConverter(v as never, type, jsonConverter)))), target);
    case new Utf8().typeId: {
      const text = values.map((v) => {
        if (v === null) return null;
        const j = jsonConverter(v as never, type, jsonConverter);
        return typeof j === 'string' ? j : JSON.stringify(j);
      });
      return vectorFromArray(text, target);
    }
    default:
      return vectorFromArray(values, target);
  }
}

/** Convert a fully read result to an Arrow table with explicit column types. */
export function resultToArrowTable(reader: DuckDBResultReader): Table {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const columns = reader.getColumns();
  const fields: Field[] = [];
  const vectors: Record<string, Vector> = {};
  names.forEach((name, i) => {
    const duck = types[i]!;
    const target = arrowType(duck);
    fields.push(new Field(name, target, true));
    vectors[name] = columnVector(columns[i] ?? [], duck, target);
  });
  if (reader.currentRowCount === 0) return new Table(new Schema(fields));
  return new Table(vectors);
}

/** Arrow IPC stream bytes for a fully read result. */
export function resultToArrowIPC(reader: DuckDBResultReader): Uint8Array {
  return tableToIPC(resultToArrowTable(reader), 'stream');
}
