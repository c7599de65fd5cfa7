// FHIR R4 MeasureReports after the Da Vinci DEQM IG (STU 4): a summary report per measure of a selection
// (the cube's counts, as every aggregate export), a subject-list report (the patients behind each
// population, as List resources), and per patient an individual report and a gaps-in-care Bundle
// (DEQM "Gaps In Care Bundle": Composition, DetectedIssue with open/closed gap status, MeasureReport).
import type { Row } from '../db/json.ts';
import type { MeasureDefinition, PopulationCode } from '../measures/types.ts';
import type { CountKey, MeasureRate, Scorecard } from './scorecard.ts';
import type { ExportEntity, ExportRun } from './selection.ts';

const DEQM = 'http://hl7.org/fhir/us/davinci-deqm/StructureDefinition';
const POPULATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/measure-population';

/** Population code -> the cube column counting it and the measure_result flag. */
const POPULATIONS: { code: PopulationCode; count: CountKey; flag: string }[] = [
  { code: 'initial-population', count: 'initial_population', flag: 'initial_population' },
  { code: 'denominator', count: 'denominator', flag: 'denominator' },
  { code: 'denominator-exclusion', count: 'denominator_exclusion', flag: 'denominator_exclusion' },
  { code: 'denominator-exception', count: 'denominator_exception', flag: 'denominator_exception' },
  { code: 'numerator', count: 'numerator', flag: 'numerator' },
];

type Resource = Record<string, unknown> & { resourceType: string; id?: string };

/** Items grouped by key, in first-seen order (Map.groupBy arrives with Node 21). */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** The measure's canonical as MADiE publishes it (the eCQM test cases' MeasureReport.measure), with its version. */
export function measureCanonical(m: MeasureDefinition): string {
  const [library, version] = m.cql.split(' ');
  return `https://madie.cms.gov/Measure/${library}|${version}`;
}

const populationsOf = (m: MeasureDefinition, groupId: string) => POPULATIONS.filter((p) => m.populationGroups.find((g) => g.id === groupId)!.populations.includes(p.code));
const code = (c: string) => ({ coding: [{ system: POPULATION_SYSTEM, code: c }] });

function reporter(entity: ExportEntity) {
  if (entity.type === 'provider') return { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: entity.npi ?? entity.id }, display: entity.name };
  if (entity.type === 'practice') return { identifier: { system: 'urn:oid:2.16.840.1.113883.4.2', value: entity.tin ?? entity.id }, display: entity.name };
  return { display: entity.name };
}

function baseReport(m: MeasureDefinition, run: ExportRun, type: 'summary' | 'subject-list' | 'individual', profile: string, date: Date): Resource {
  return {
    resourceType: 'MeasureReport',
    meta: { profile: [`${DEQM}/${profile}`] },
    status: 'complete',
    type,
    measure: measureCanonical(m),
    date: date.toISOString(),
    period: { start: run.period_start, end: run.period_end },
    improvementNotation: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation', code: m.improvementNotation }] },
  };
}

/** A summary report of one measure: counts as published (suppressed small cells have no count). */
export function summaryReport(scorecard: Scorecard, rates: MeasureRate[]): Resource {
  const { run, entity, payer } = scorecard.selection;
  const m = rates[0]!.measure;
  return {
    ...baseReport(m, run, 'summary', 'summary-measurereport-deqm', scorecard.generatedAt),
    id: `${m.id}-${entity.type}-${entity.id === '*' ? 'network' : entity.id}`.replace(/[^A-Za-z0-9.-]/g, '-'),
    reporter: reporter(entity),
    ...(payer === '*' ? {} : { extension: [{ url: 'urn:caliper:extension:payer-filter', valueString: payer }] }),
    group: rates.map((r) => ({
      id: r.groupId,
      population: populationsOf(m, r.groupId).map((p) => ({ code: code(p.code), ...(r.counts[p.count] === null ? {} : { count: r.counts[p.count] }) })),
      ...(r.rate === null ? {} : { measureScore: { value: Math.round(r.rate * 100) / 10000 } }),
    })),
  };
}

/** Summary reports of every measure of a scorecard, as one collection Bundle. */
export function summaryBundle(scorecard: Scorecard): Resource {
  const byMeasure = groupBy(scorecard.measures, (r) => r.measure.id);
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: scorecard.generatedAt.toISOString(),
    entry: [...byMeasure.values()].map((rates) => ({ resource: summaryReport(scorecard, rates) })),
  };
}

/** A subject-list report of one measure group: each population lists its patients (contained Lists). */
export function subjectListReport(m: MeasureDefinition, run: ExportRun, rows: Row[], date: Date): Resource {
  const byGroup = groupBy(rows, (r) => String(r.group_id));
  const contained: Resource[] = [];
  const group = m.populationGroups.map((g) => {
    const members = byGroup.get(g.id) ?? [];
    return {
      id: g.id,
      population: populationsOf(m, g.id).map((p) => {
        const subjects = members.filter((r) => r[p.flag] === true);
        const listId = `${g.id}-${p.code}`;
        contained.push({ resourceType: 'List', id: listId, status: 'current', mode: 'snapshot', entry: subjects.map((r) => ({ item: { reference: `Patient/${r.patient_id}` } })) });
        return { code: code(p.code), count: subjects.length, subjectResults: { reference: `#${listId}` } };
      }),
    };
  });
  return { ...baseReport(m, run, 'subject-list', 'subjectlist-measurereport-deqm', date), id: `${m.id}-subject-list`, contained, group };
}

/** One patient's individual report of one measure (rows: that patient's result rows of the measure). */
export function individualReport(m: MeasureDefinition, run: ExportRun, rows: Row[], date: Date): Resource {
  const patientId = String(rows[0]!.patient_id);
  return {
    ...baseReport(m, run, 'individual', 'indv-measurereport-deqm', date),
    id: `${m.id}-${patientId}`.replace(/[^A-Za-z0-9.-]/g, '-'),
    subject: { reference: `Patient/${patientId}` },
    group: rows.map((r) => ({
      id: String(r.group_id),
      population: populationsOf(m, String(r.group_id)).map((p) => ({ code: code(p.code), count: r[p.flag] === true ? 1 : 0 })),
    })),
  };
}

/** DEQM gap status of one result: open (the gap counts against the goal), closed, or not applicable (excluded). */
export function gapStatus(r: Row): 'open-gap' | 'closed-gap' | 'not-applicable' {
  if (r.denominator_exclusion === true || r.denominator_exception === true || r.denominator !== true) return 'not-applicable';
  return r.gap === true ? 'open-gap' : 'closed-gap';
}

/** The DEQM gaps-in-care Bundle of one patient over the measures of their rows (document Bundle). */
export function gapsInCareBundle(measures: MeasureDefinition[], run: ExportRun, rows: Row[], date: Date): Resource {
  const first = rows[0]!;
  const patientId = String(first.patient_id);
  const patient: Resource = {
    resourceType: 'Patient',
    id: patientId,
    name: [{ family: first.family_name ?? undefined, given: first.given_name ? [first.given_name] : undefined }],
    ...(first.sex ? { gender: first.sex } : {}),
    ...(first.birth_date ? { birthDate: first.birth_date } : {}),
  };
  const sections: Record<string, unknown>[] = [];
  const resources: Resource[] = [];
  for (const m of measures) {
    const mine = rows.filter((r) => r.measure_id === m.id);
    if (mine.length === 0) continue;
    const report = individualReport(m, run, mine, date);
    resources.push(report);
    const issues = mine
      .filter((r) => gapStatus(r) !== 'not-applicable')
      .map((r): Resource => ({
        resourceType: 'DetectedIssue',
        id: `${m.id}-${r.group_id}-${patientId}`.replace(/[^A-Za-z0-9.-]/g, '-'),
        meta: { profile: [`${DEQM}/gaps-detectedissue-deqm`] },
        modifierExtension: [
          {
            url: `${DEQM}/extension-gapStatus`,
            valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/us/davinci-deqm/CodeSystem/gaps-status', code: gapStatus(r) }] },
          },
        ],
        status: 'final',
        code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'CAREGAP', display: 'Care Gaps' }] },
        patient: { reference: `Patient/${patientId}` },
        evidence: [{ detail: [{ reference: `MeasureReport/${report.id}` }] }],
        ...(r.gap_text ? { detail: String(r.gap_text) } : {}),
        ...(r.gap === true && r.close_action ? { mitigation: [{ action: { text: String(r.close_action) }, ...(r.close_by ? { date: `${r.close_by}` } : {}) }] } : {}),
      }));
    resources.push(...issues);
    sections.push({
      title: m.title,
      focus: { reference: `MeasureReport/${report.id}` },
      entry: [{ reference: `MeasureReport/${report.id}` }, ...issues.map((i) => ({ reference: `DetectedIssue/${i.id}` }))],
    });
  }
  const composition: Resource = {
    resourceType: 'Composition',
    id: `gaps-${patientId}`.replace(/[^A-Za-z0-9.-]/g, '-'),
    meta: { profile: [`${DEQM}/gaps-composition-deqm`] },
    status: 'final',
    type: { coding: [{ system: 'http://loinc.org', code: '96315-7', display: 'Gaps in care report' }] },
    subject: { reference: `Patient/${patientId}` },
    date: date.toISOString(),
    author: [{ display: 'Caliper' }],
    title: `Gaps in care, ${run.period_start} to ${run.period_end}`,
    section: sections,
  };
  return {
    resourceType: 'Bundle',
    meta: { profile: [`${DEQM}/gaps-bundle-deqm`] },
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${crypto.randomUUID()}` },
    type: 'document',
    timestamp: date.toISOString(),
    entry: [composition, patient, ...resources].map((resource) => ({ fullUrl: `urn:caliper:${resource.resourceType}/${resource.id}`, resource })),
  };
}
