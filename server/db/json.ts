// The one place that decides how DuckDB values become JSON:
// BIGINT/HUGEINT -> number when exactly representable, else string; DECIMAL -> number;
// DATE -> "YYYY-MM-DD"; TIMESTAMP -> ISO-8601 UTC "YYYY-MM-DDTHH:MM:SS.sssZ"; lists/structs recurse.
import {
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  doubleFromDecimalValue,
  type DuckDBResultReader,
  type DuckDBValue,
  type DuckDBType,
  type DuckDBValueConverter,
  type Json,
} from '@duckdb/node-api';

function integerJson(value: DuckDBValue): Json {
  const n = value as bigint;
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function timestampJson(value: DuckDBValue): Json {
  // DuckDB prints "2026-03-02 10:00:00" (micro-precision optional); TIMESTAMP is stored as UTC here.
  const s = String(value);
  if (s === 'infinity' || s === '-infinity') return s;
  const [date, time = '00:00:00'] = s.split(' ');
  const [hms = '00:00:00', frac = ''] = time.split('.');
  return `${date}T${hms}.${(frac + '000').slice(0, 3)}Z`;
}

const base = JsonDuckDBValueConverter as DuckDBValueConverter<Json>;
const table: Partial<Record<DuckDBTypeId, DuckDBValueConverter<Json>>> = {
  [DuckDBTypeId.BIGINT]: integerJson,
  [DuckDBTypeId.UBIGINT]: integerJson,
  [DuckDBTypeId.HUGEINT]: integerJson,
  [DuckDBTypeId.UHUGEINT]: integerJson,
  [DuckDBTypeId.DECIMAL]: (v: DuckDBValue) => doubleFromDecimalValue(v),
  [DuckDBTypeId.DATE]: (v: DuckDBValue) => String(v),
  [DuckDBTypeId.TIMESTAMP]: timestampJson,
  [DuckDBTypeId.TIMESTAMP_MS]: timestampJson,
  [DuckDBTypeId.TIMESTAMP_S]: timestampJson,
  [DuckDBTypeId.TIMESTAMP_NS]: timestampJson,
};

export const jsonConverter: DuckDBValueConverter<Json> = (value: DuckDBValue, type: DuckDBType, self) => {
  if (value === null) return null;
  const own = table[type.typeId as DuckDBTypeId];
  return own ? own(value, type, self) : base(value, type, jsonConverter);
};

export type Row = Record<string, Json>;

/** Rows of a result as plain JSON objects, converted by the rules above. */
export function rowsAsJson(reader: DuckDBResultReader): Row[] {
  return reader.convertRowObjects(jsonConverter) as Row[];
}
