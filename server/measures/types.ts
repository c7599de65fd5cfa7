// The shape of a measure definition and of a shared logic library. Both are pure data: the logic
// lives in SQL (sql/measures/<id>/ and sql/measures/shared/), which addresses codes through role
// names (`role = 'diabetes'`). A role names either a value set (by OID) or one direct-reference code
// from the CQL; the runner resolves roles to codes once per run (sql/measures/shared/codes.sql).

/** A direct-reference code (CQL `code "..." from "LOINC"`); system is the canonical name (code_system_alias). */
export interface DirectCode {
  system: string;
  code: string;
  display: string;
}

/** Role name -> value set OID. Roles are named after the value set (snake case) and mean the same OID everywhere. */
export type ValueSetRoles = Record<string, string>;

/** Role name -> one code. */
export type CodeRoles = Record<string, DirectCode>;

export type PopulationCode =
  | 'initial-population'
  | 'denominator'
  | 'denominator-exclusion'
  | 'denominator-exception'
  | 'numerator';

export interface PopulationGroup {
  /** Group id as the measure's MeasureReport names it (e.g. 'Group_1'); also measure_result.group_id. */
  id: string;
  populations: PopulationCode[];
}

/** Shared CQL libraries implemented once in sql/measures/shared/<id>.sql (one row per patient). */
export type LibraryId =
  | 'hospice'
  | 'palliative_care'
  | 'advanced_illness_frailty'
  | 'nursing_home'
  | 'adult_outpatient_encounters';

export interface LibraryDefinition {
  id: LibraryId;
  /** The published CQL library (and version) this SQL follows. */
  cql: string;
  /** Temp table the library's SQL creates. */
  table: string;
  /** Registry name of the SQL file, e.g. 'measures/shared/hospice'. */
  sql: string;
  valueSets: ValueSetRoles;
  codes: CodeRoles;
}

export interface MeasureDefinition {
  /** Registry id, lower case: also the folder sql/measures/<id>/. */
  id: string;
  /** CMS eCQM id with version, e.g. 'CMS122v14'. */
  cmsId: string;
  /** MIPS quality id, e.g. '001'; null for measures outside MIPS. */
  mipsId: string | null;
  title: string;
  /** The published CQL library (and version) the SQL follows. */
  cql: string;
  /** 'decrease' = inverse measure: the numerator is the bad outcome (CMS122). */
  improvementNotation: 'increase' | 'decrease';
  scoring: 'proportion';
  populationGroups: PopulationGroup[];
  /** Measure-defined stratifications (e.g. age ranges), if any; reported in measure_result.stratum. */
  stratifications: { id: string; description: string }[];
  /** Calendar year of the measurement period the measure version is published for. */
  periodYear: number;
  /** Measurement period rule: these eCQMs all use one calendar year, both ends inclusive. */
  period: 'calendar-year';
  libraries: LibraryId[];
  valueSets: ValueSetRoles;
  codes: CodeRoles;
}
