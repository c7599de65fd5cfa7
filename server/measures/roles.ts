// The roles (value sets and direct codes) a set of measures needs, with the libraries they use.
import { LIBRARIES } from './libraries.ts';
import type { CodeRoles, LibraryDefinition, MeasureDefinition, ValueSetRoles } from './types.ts';

export interface RoleRow {
  role: string;
  value_set_id: string | null;
  code_system: string | null;
  code: string | null;
}

export function librariesFor(measures: readonly MeasureDefinition[]): LibraryDefinition[] {
  const ids = new Set(measures.flatMap((m) => m.libraries));
  return Object.values(LIBRARIES).filter((l) => ids.has(l.id));
}

/** Every role of the measures and their libraries; a role name must mean the same thing everywhere. */
export function rolesFor(measures: readonly MeasureDefinition[]): RoleRow[] {
  const sources: { owner: string; valueSets: ValueSetRoles; codes: CodeRoles }[] = [
    ...measures.map((m) => ({ owner: m.id, valueSets: m.valueSets, codes: m.codes })),
    ...librariesFor(measures).map((l) => ({ owner: `library ${l.id}`, valueSets: l.valueSets, codes: l.codes })),
  ];
  const roles = new Map<string, RoleRow & { owner: string }>();
  const add = (row: RoleRow, owner: string) => {
    const seen = roles.get(row.role);
    if (!seen) roles.set(row.role, { ...row, owner });
    else if (seen.value_set_id !== row.value_set_id || seen.code_system !== row.code_system || seen.code !== row.code)
      throw new Error(`Role '${row.role}' means different codes in ${seen.owner} and ${owner}`);
  };
  for (const s of sources) {
    for (const [role, oid] of Object.entries(s.valueSets)) add({ role, value_set_id: oid, code_system: null, code: null }, s.owner);
    for (const [role, c] of Object.entries(s.codes)) add({ role, value_set_id: null, code_system: c.system, code: c.code }, s.owner);
  }
  return [...roles.values()].map(({ owner: _owner, ...row }) => row);
}
