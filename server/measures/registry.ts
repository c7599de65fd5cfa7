// Every implemented measure. Add a measure: write definitions/<id>.ts and sql/measures/<id>/population.sql,
// then list it here; test/measures/registry.test.ts checks the two agree.
import { cms122 } from './definitions/cms122.ts';
import { cms124 } from './definitions/cms124.ts';
import { cms125 } from './definitions/cms125.ts';
import { cms130 } from './definitions/cms130.ts';
import { cms165 } from './definitions/cms165.ts';
import { cms2 } from './definitions/cms2.ts';
import { cms69 } from './definitions/cms69.ts';
import { cms349 } from './definitions/cms349.ts';
import { cms1188 } from './definitions/cms1188.ts';
import { cms131 } from './definitions/cms131.ts';
import { cms138 } from './definitions/cms138.ts';
import type { MeasureDefinition } from './types.ts';

export const MEASURES: readonly MeasureDefinition[] = [cms122, cms165, cms125, cms130, cms124, cms1188, cms131, cms138, cms2, cms69, cms349];

/** The definition for a registry id ('cms122') or CMS number ('CMS122', 'CMS122v14'), if implemented. */
export function findMeasure(idOrCms: string): MeasureDefinition | undefined {
  const key = idOrCms.toLowerCase().replace(/v\d+$/, '');
  return MEASURES.find((m) => m.id === key);
}
