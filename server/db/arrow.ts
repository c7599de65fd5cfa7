// Query results -> Arrow IPC stream, built in Node with explicit apache-arrow types
// (the nanoarrow extension cannot be downloaded here). An empty result still carries its schema.
import {
  Bool,
  DateDay,
  Dictionary,
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
import { DuckDBTypeId, VARCHAR, type DuckDBDateValue, type DuckDBResultReader, type DuckDBType } from '@duckdb/node-api';
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

/** Validity bitmap (bit set = value present) and null count, as Arrow lays them out. */
function validity(values: unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array((values.length + 7) >> 3);
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) nullCount++;
    else nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount };
}

/** Text of a value: VARCHAR arrives as a string; other types by the JSON rule (nested values as JSON). */
function textOf(value: unknown, type: DuckDBType): string {
  if (typeof value === 'string') return value;
  const j = jsonConverter(value as never, type, jsonConverter);
  return typeof j === 'string' ? j : JSON.stringify(j);
}

/** UTF-8 column: one encoded buffer and its offsets, built directly (apache-arrow's per-value builder is
 *  ~50x slower). Offsets count bytes: string lengths when the text is all ASCII, else per-value byte lengths. */
function utf8Data(values: unknown[], type: DuckDBType, target: DataType, nulls: ReturnType<typeof validity>) {
  const text = values.map((v) => (v === null ? '' : textOf(v, type)));
  const joined = text.join('');
  const bytes = Buffer.from(joined, 'utf8');
  const ascii = bytes.length === joined.length;
  const valueOffsets = new Int32Array(text.length + 1);
  text.forEach((s, i) => (valueOffsets[i + 1] = valueOffsets[i]! + (ascii ? s.length : Buffer.byteLength(s, 'utf8'))));
  return makeData({ type: target as Utf8, length: values.length, ...nulls, valueOffsets, data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) });
}

/** Fixed-width column: each value mapped into the type's typed array (nulls left 0 under the bitmap). */
function fixedData(values: unknown[], target: DataType, nulls: ReturnType<typeof validity>, value: (v: unknown) => number | bigint) {
  const data = new (target.ArrayType as new (n: number) => Int32Array | Float64Array | BigInt64Array)(values.length);
  values.forEach((v, i) => {
    if (v !== null) data[i] = value(v) as never;
  });
  return makeData({ type: target as Int32, length: values.length, ...nulls, data: data as Int32Array });
}

/**
 * Text a query sends as integer codes into a text pool (a mart's dictionary table, e.g. worklist_text): reading
 * integers from DuckDB is far cheaper than decoding a string per cell, and the codes travel as Arrow dictionary
 * columns, which apache-arrow decodes transparently (vector.get gives the text).
 */
export interface TextCodes {
  /** The INTEGER columns that hold codes. */
  columns: ReadonlySet<string>;
  /** The text of each code (index = code). */
  text: readonly string[];
}

/** A coded column as Dictionary<Utf8, Int32>: indices into a dictionary of just the texts this column uses. */
function dictionaryVector(values: unknown[], text: readonly string[], nulls: ReturnType<typeof validity>): Vector {
  const position = new Map<number, number>();
  const dictionary: string[] = [];
  const indices = new Int32Array(values.length);
  values.forEach((v, i) => {
    if (v === null) return;
    let p = position.get(v as number);
    if (p === undefined) {
      const t = text[v as number];
      if (t === undefined) throw new Error(`No text for code ${String(v)}`);
      p = dictionary.length;
      position.set(v as number, p);
      dictionary.push(t);
    }
    indices[i] = p;
  });
  const utf8 = new Utf8();
  const words = utf8Data(dictionary, VARCHAR, utf8, validity(dictionary));
  return makeVector(makeData({ type: new Dictionary(utf8, new Int32()), length: values.length, ...nulls, data: indices, dictionary: makeVector(words) }));
}

function columnVector(values: unknown[], type: DuckDBType, target: DataType): Vector {
  if (values.length === 0) return makeVector(makeData({ type: target, length: 0, nullCount: 0 }));
  const nulls = validity(values);
  const json = (v: unknown) => jsonConverter(v as never, type, jsonConverter);
  // Arrow type ids name families (Int32 and Int64 share one), so dispatch on the concrete type.
  if (target instanceof Utf8) return makeVector(utf8Data(values, type, target, nulls));
  if (target instanceof Int64) return makeVector(fixedData(values, target, nulls, (v) => BigInt(v as bigint)));
  if (target instanceof Int32) return makeVector(fixedData(values, target, nulls, Number));
  if (target instanceof Float64) return makeVector(fixedData(values, target, nulls, (v) => Number(json(v))));
  if (target instanceof DateDay) return makeVector(fixedData(values, target, nulls, (v) => (v as DuckDBDateValue).days));
  if (target instanceof TimestampMillisecond) {
    return makeVector(fixedData(values, target, nulls, (v) => BigInt(new Date(String(json(v))).getTime())));
  }
  return vectorFromArray(values, target);
}

/**
 * Convert a fully read result to an Arrow table with explicit column types; `codes` names columns sent as
 * dictionaries. `columns` = reader.getColumns(), when the caller already read them.
 */
export function resultToArrowTable(reader: DuckDBResultReader, codes?: TextCodes, columns: unknown[][] = reader.getColumns()): Table {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const fields: Field[] = [];
  const vectors: Record<string, Vector> = {};
  names.forEach((name, i) => {
    const duck = types[i]!;
    const values = columns[i] ?? [];
    if (codes?.columns.has(name) && duck.typeId === DuckDBTypeId.INTEGER) {
      const vector = values.length === 0 ? makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32()), length: 0, nullCount: 0, dictionary: vectorFromArray([], new Utf8()) })) : dictionaryVector(values, codes.text, validity(values));
      fields.push(new Field(name, vector.type, true));
      vectors[name] = vector;
      return;
    }
    const target = arrowType(duck);
    fields.push(new Field(name, target, true));
    vectors[name] = columnVector(values, duck, target);
  });
  if (reader.currentRowCount === 0) return new Table(new Schema(fields));
  return new Table(vectors);
}

/** Arrow IPC stream bytes for a fully read result. */
export function resultToArrowIPC(reader: DuckDBResultReader): Uint8Array {
  return tableToIPC(resultToArrowTable(reader), 'stream');
}
