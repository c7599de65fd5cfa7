// QRDA Category III (HL7 CDA R2 QRDA III STU 2.1 with the CMS QRDA III Implementation Guide for the 2026
// performance period, "QRDA Category III Report - CMS (V10)" and "Measure Section - CMS (V6)", templateId
// extension 2025-05-01): one aggregate report of the selection's measures, built with xmlbuilder2.
// Each measure is referenced by CMS's version-specific identifier of its eCQM version, each population by
// CMS's population criteria UUID (ecqm-identifiers.ts); each population (IPOP, DENOM, DENEX, NUMER,
// DENEXCEP) carries its count, the supplemental data (sex, ethnicity, race, payer) and the measure's own
// strata; each group its performance rate. Reported by an APM entity (the network), a group (a practice's
// TIN) or an individual clinician (NPI within the practice's TIN). Counts come from the cube like every
// export (scorecard.ts); no suppression (CMS takes exact counts).
import { randomUUID } from 'node:crypto';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { HttpError } from '../errors.ts';
import type { PopulationCode } from '../measures/types.ts';
import { ecqmIdentifiers, type EcqmIdentifiers } from './ecqm-identifiers.ts';
import type { CountKey, MeasureRate, Scorecard } from './scorecard.ts';
import { cmsProgram } from './selection.ts';

const LOINC = '2.16.840.1.113883.6.1';
const ACT_CODE = '2.16.840.1.113883.5.4';
const CDC_RACE = '2.16.840.1.113883.6.238';
const SNOMED = '2.16.840.1.113883.6.96';

/** eCQM population -> QRDA population code and the cube column counting it. */
const POPULATIONS: { code: string; population: PopulationCode; count: CountKey }[] = [
  { code: 'IPOP', population: 'initial-population', count: 'initial_population' },
  { code: 'DENOM', population: 'denominator', count: 'denominator' },
  { code: 'DENEX', population: 'denominator-exclusion', count: 'denominator_exclusion' },
  { code: 'NUMER', population: 'numerator', count: 'numerator' },
  { code: 'DENEXCEP', population: 'denominator-exception', count: 'denominator_exception' },
];

/** Supplemental data element values as stored (measure_result sex, race, ethnicity; CMS payer groups). */
const SEX: Record<string, { code: string; display: string }> = { female: { code: '248152002', display: 'Female' }, male: { code: '248153007', display: 'Male' } };
const RACES: Record<string, string> = {
  '1002-5': 'American Indian or Alaska Native',
  '2028-9': 'Asian',
  '2054-5': 'Black or African American',
  '2076-8': 'Native Hawaiian or Other Pacific Islander',
  '2106-3': 'White',
  '2131-1': 'Other Race',
};
const ETHNICITIES: Record<string, string> = { '2135-2': 'Hispanic or Latino', '2186-5': 'Not Hispanic or Latino' };
const PAYERS: Record<string, string> = { A: 'Medicare', B: 'Medicaid', C: 'Private Health Insurance', D: 'Other' };

const ts = (isoDate: string) => isoDate.replaceAll('-', '');
const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';

function aggregateCount(parent: XMLBuilder, value: number): void {
  const o = parent.ele('entryRelationship', { typeCode: 'SUBJ', inversionInd: 'true' }).ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
  o.ele('templateId', { root: '2.16.840.1.113883.10.20.27.3.3' });
  o.ele('templateId', { root: '2.16.840.1.113883.10.20.27.3.24' });
  o.ele('code', { code: 'MSRAGG', codeSystem: ACT_CODE, codeSystemName: 'ActCode', displayName: 'rate aggregation' });
  o.ele('statusCode', { code: 'completed' });
  o.ele('value', { 'xsi:type': 'INT', value: String(value) });
  o.ele('methodCode', { code: 'COUNT', codeSystem: '2.16.840.1.113883.5.84', codeSystemName: 'ObservationMethod', displayName: 'Count' });
}

const exact = (n: number | null) => {
  if (n === null) throw new Error('QRDA III needs exact counts');
  return n;
};

/** One supplemental data element entry (sex, ethnicity, race or payer) of one stratum value with its count. */
function supplementalElement(parent: XMLBuilder, stratifier: string, stratum: string, count: number, period: { low: string; high: string }): void {
  const add = (templates: [string, string][], code: [string, string], value: (o: XMLBuilder) => void) => {
    const o = parent.ele('entryRelationship', { typeCode: 'COMP' }).ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
    for (const [root, extension] of templates) o.ele('templateId', { root, extension });
    o.ele('code', { code: code[0], codeSystem: LOINC, codeSystemName: 'LOINC', displayName: code[1] });
    o.ele('statusCode', { code: 'completed' });
    o.ele('effectiveTime').ele('low', { value: period.low }).up().ele('high', { value: period.high });
    value(o);
    aggregateCount(o, count);
  };
  if (stratifier === 'sex') {
    // CMS IG 2026 Sex Supplemental Data Element - CMS: value nullFlavor OTH with a translation from Federal
    // Administrative Sex (2.16.840.1.113762.1.4.1021.121, SNOMED CT) (CONF:CMS_147-150).
    add([['2.16.840.1.113883.10.20.27.3.6', '2016-09-01'], ['2.16.840.1.113883.10.20.27.3.21', '2025-05-01']], ['76689-9', 'Sex assigned at birth'], (o) =>
      o.ele('value', { 'xsi:type': 'CD', nullFlavor: 'OTH' }).ele('translation', { code: SEX[stratum]!.code, codeSystem: SNOMED, codeSystemName: 'SNOMEDCT', displayName: SEX[stratum]!.display }),
    );
  } else if (stratifier === 'ethnicity') {
    add([['2.16.840.1.113883.10.20.27.3.7', '2016-09-01'], ['2.16.840.1.113883.10.20.27.3.22', '2016-11-01']], ['69490-1', 'Ethnicity'], (o) =>
      o.ele('value', { 'xsi:type': 'CD', code: stratum, codeSystem: CDC_RACE, codeSystemName: 'Race & Ethnicity - CDC', displayName: ETHNICITIES[stratum] }),
    );
  } else if (stratifier === 'race') {
    add([['2.16.840.1.113883.10.20.27.3.8', '2016-09-01'], ['2.16.840.1.113883.10.20.27.3.19', '2016-11-01']], ['72826-1', 'Race'], (o) =>
      o.ele('value', { 'xsi:type': 'CD', code: stratum, codeSystem: CDC_RACE, codeSystemName: 'Race & Ethnicity - CDC', displayName: RACES[stratum] }),
    );
  } else {
    // Payer - CMS: value nullFlavor OTH, translation from CMS Payer Groupings (CONF:CMS_50-53).
    add([['2.16.840.1.113883.10.20.27.3.9', '2016-02-01'], ['2.16.840.1.113883.10.20.27.3.18', '2018-05-01']], ['48768-6', 'Payment source'], (o) =>
      o.ele('value', { 'xsi:type': 'CD', nullFlavor: 'OTH' }).ele('translation', { code: stratum, codeSystem: '2.16.840.1.113883.3.249.12', codeSystemName: 'CMS Clinical Codes', displayName: PAYERS[stratum] }),
    );
  }
}

/** Every code of each supplemental data element: each population reports all of them, zero counts
 *  included, so each element is present even for an empty population (CONF:4427-18136..18141). Patients
 *  of several races, or with none of these codes recorded, are in the population count only. */
const SUPPLEMENTAL: [string, string[]][] = [
  ['sex', Object.keys(SEX)],
  ['ethnicity', Object.keys(ETHNICITIES)],
  ['race', Object.keys(RACES)],
  ['payer', Object.keys(PAYERS)],
];

function measureStratum(parent: XMLBuilder, stratification: { id: string; description: string }, count: number): void {
  const o = parent.ele('entryRelationship', { typeCode: 'COMP' }).ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
  o.ele('templateId', { root: '2.16.840.1.113883.10.20.27.3.4' });
  o.ele('code', { code: 'ASSERTION', codeSystem: ACT_CODE, codeSystemName: 'ActCode', displayName: 'Assertion' });
  o.ele('statusCode', { code: 'completed' });
  o.ele('value', { 'xsi:type': 'CD', nullFlavor: 'OTH' }).ele('originalText').txt(stratification.description);
  aggregateCount(o, count);
  o.ele('reference', { typeCode: 'REFR' }).ele('externalObservation', { classCode: 'OBS', moodCode: 'EVN' }).ele('id', { root: randomUUID() });
}

function measureEntry(section: XMLBuilder, m: MeasureRate, ids: EcqmIdentifiers, period: { low: string; high: string }): void {
  const organizer = section.ele('entry').ele('organizer', { classCode: 'CLUSTER', moodCode: 'EVN' });
  organizer.ele('templateId', { root: '2.16.840.1.113883.10.20.24.3.98' });
  organizer.ele('templateId', { root: '2.16.840.1.113883.10.20.27.3.1', extension: '2020-12-01' });
  organizer.ele('templateId', { root: '2.16.840.1.113883.10.20.27.3.17', extension: '2025-05-01' });
  organizer.ele('id', { root: randomUUID() });
  organizer.ele('statusCode', { code: 'completed' });
  const doc = organizer.ele('reference', { typeCode: 'REFR' }).ele('externalDocument', { classCode: 'DOC', moodCode: 'EVN' });
  // The eCQM's version-specific identifier (CONF:4484-18192), CMS's eMeasureUuid of the version.
  doc.ele('id', { root: '2.16.840.1.113883.4.738', extension: ids.uuid });
  doc.ele('code', { code: '57024-2', codeSystem: LOINC, codeSystemName: 'LOINC', displayName: 'Health Quality Measure Document' });
  doc.ele('text').txt(m.measure.title);

  const groupIndex = m.measure.populationGroups.findIndex((g) => g.id === m.groupId);
  const groupPopulations = m.measure.populationGroups[groupIndex]!.populations;
  // Each population's criteria UUID, which the performance rate's reference to its numerator repeats
  // (CONF:4484-19655).
  const populationIds = new Map(POPULATIONS.map((p) => [p.code, ids.groups[groupIndex]?.[p.population]]));
  // Performance Rate for Proportion Measure - CMS: NUMER / (DENOM - DENEX - DENEXCEP), 0..1, omitted when
  // the performance denominator is 0 (the rate is undefined).
  if (m.rate !== null) {
    const rate = organizer.ele('component').ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
    rate.ele('templateId', { root: '2.16.840.1.113883.10.20.27.3.30', extension: '2016-09-01' });
    rate.ele('templateId', { root: '2.16.840.1.113883.10.20.27.3.14', extension: '2020-12-01' });
    rate.ele('templateId', { root: '2.16.840.1.113883.10.20.27.3.25', extension: '2022-05-01' });
    rate.ele('code', { code: '72510-1', codeSystem: LOINC, codeSystemName: 'LOINC', displayName: 'Performance Rate' });
    rate.ele('statusCode', { code: 'completed' });
    rate.ele('value', { 'xsi:type': 'REAL', value: (m.rate / 100).toFixed(6) });
    const numerator = rate.ele('reference', { typeCode: 'REFR' }).ele('externalObservation', { classCode: 'OBS', moodCode: 'EVN' });
    numerator.ele('id', { root: populationIds.get('NUMER')! });
    numerator.ele('code', { code: 'NUMER', codeSystem: ACT_CODE, codeSystemName: 'ActCode', displayName: 'Numerator' });
  }
  for (const p of POPULATIONS.filter((x) => groupPopulations.includes(x.population))) {
    const o = organizer.ele('component').ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
    o.ele('templateId', { root: '2.16.840.1.113883.10.20.27.3.5', extension: '2016-09-01' });
    o.ele('templateId', { root: '2.16.840.1.113883.10.20.27.3.16', extension: '2025-05-01' });
    o.ele('code', { code: 'ASSERTION', codeSystem: ACT_CODE, codeSystemName: 'ActCode', displayName: 'Assertion' });
    o.ele('statusCode', { code: 'completed' });
    o.ele('value', { 'xsi:type': 'CD', code: p.code, codeSystem: ACT_CODE, codeSystemName: 'ActCode' });
    aggregateCount(o, exact(m.counts[p.count]));
    const countOf = (stratifier: string, stratum: string) => exact(m.strata.find((x) => x.stratifier === stratifier && x.stratum === stratum)?.counts[p.count] ?? 0);
    for (const stratification of m.measure.stratifications) measureStratum(o, stratification, countOf('stratum', stratification.id));
    for (const [stratifier, codes] of SUPPLEMENTAL) for (const code of codes) supplementalElement(o, stratifier, code, countOf(stratifier, code), period);
    o.ele('reference', { typeCode: 'REFR' }).ele('externalObservation', { classCode: 'OBS', moodCode: 'EVN' }).ele('id', { root: populationIds.get(p.code)! });
  }
}

/** CMS program name (QRDA III CMS Program Name value set 2.16.840.1.113883.3.249.14.101, CMS IG 2026
 *  CONF:CMS_11): the program of the measure set (selection.ts cmsProgram) at the entity's reporting level. */
const PROGRAM = {
  appPlus: { network: 'APP_PLUS_APMENTITY', practice: 'APP_PLUS_GROUP', provider: 'APP_PLUS_INDIV' },
  mips: { network: 'MIPS_APMENTITY', practice: 'MIPS_GROUP', provider: 'MIPS_INDIV' },
} as const;

export function qrda3Document(scorecard: Scorecard): string {
  const { entity, run, apmEntity, cehrtId } = scorecard.selection;
  if (!cehrtId) throw new HttpError(400, 'InvalidInput', 'QRDA III needs cehrt_id, the CMS EHR Certification ID (CONF:CMS_140)');
  if (entity.type === 'network' && !apmEntity) throw new HttpError(400, 'InvalidInput', 'A network (APM entity) report needs apm_entity, the APM Entity ID');
  if (entity.type !== 'network' && !entity.tin) throw new HttpError(400, 'InvalidInput', `${entity.name} has no TIN on file`);
  // Individual reporting: one performer with the clinician's NPI and TIN (CONF:5562-18178_C01, CMS_112).
  if (entity.type === 'provider' && !entity.npi) throw new HttpError(400, 'InvalidInput', `${entity.name} has no NPI on file`);
  // The supplemental data of every population (CONF:4427-18136..18141) are kept per provider for all payers.
  if (entity.type === 'provider' && scorecard.selection.payer !== '*') throw new HttpError(400, 'InvalidInput', 'A provider\'s QRDA III covers all payers (payer=*)');
  const performanceYear = Number(run.period_start.slice(0, 4));
  const identified: { m: MeasureRate; ids: EcqmIdentifiers }[] = [];
  const missing = new Set<string>();
  for (const m of scorecard.measures) {
    const ids = ecqmIdentifiers(performanceYear, m.measure);
    if ('missing' in ids) missing.add(ids.missing);
    else identified.push({ m, ids });
  }
  if (missing.size > 0) throw new HttpError(400, 'InvalidInput', `QRDA III cannot reference these measures: ${[...missing].join('; ')}`);
  const now = stamp(scorecard.generatedAt);
  const period = { low: ts(run.period_start), high: ts(run.period_end) };

  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('urn:hl7-org:v3', 'ClinicalDocument', {
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
  });
  root.ele('realmCode', { code: 'US' });
  root.ele('typeId', { root: '2.16.840.1.113883.1.3', extension: 'POCD_HD000040' });
  root.ele('templateId', { root: '2.16.840.1.113883.10.20.27.1.1', extension: '2020-12-01' });
  root.ele('templateId', { root: '2.16.840.1.113883.10.20.27.1.2', extension: '2025-05-01' });
  root.ele('id', { root: randomUUID() });
  root.ele('code', { code: '55184-6', codeSystem: LOINC, codeSystemName: 'LOINC', displayName: 'Quality Reporting Document Architecture Calculated Summary Report' });
  root.ele('title').txt(`QRDA Calculated Summary Report: ${entity.name}, ${run.period_start} to ${run.period_end}`);
  root.ele('effectiveTime', { value: now });
  root.ele('confidentialityCode', { code: 'N', codeSystem: '2.16.840.1.113883.5.25' });
  root.ele('languageCode', { code: 'en' });
  root.ele('versionNumber', { value: '1' });
  root.ele('recordTarget').ele('patientRole').ele('id', { nullFlavor: 'NA' });
  const author = root.ele('author');
  author.ele('time', { value: now });
  const assignedAuthor = author.ele('assignedAuthor');
  assignedAuthor.ele('id', { root: '2.16.840.1.113883.19.5', extension: 'caliper' });
  assignedAuthor.ele('assignedAuthoringDevice').ele('softwareName').txt('Caliper');
  assignedAuthor.ele('representedOrganization').ele('name').txt(entity.name);
  const custodian = root.ele('custodian').ele('assignedCustodian').ele('representedCustodianOrganization');
  custodian.ele('id', { root: '2.16.840.1.113883.19.5', extension: 'caliper' });
  custodian.ele('name').txt(entity.name);
  root.ele('informationRecipient').ele('intendedRecipient').ele('id', { root: '2.16.840.1.113883.3.249.7', extension: PROGRAM[cmsProgram(scorecard.selection)][entity.type] });
  const legal = root.ele('legalAuthenticator');
  legal.ele('time', { value: now });
  legal.ele('signatureCode', { code: 'S' });
  const legalEntity = legal.ele('assignedEntity');
  legalEntity.ele('id', { root: '2.16.840.1.113883.19.5', extension: 'caliper' });
  const legalOrganization = legalEntity.ele('representedOrganization');
  legalOrganization.ele('id', { root: '2.16.840.1.113883.19.5', extension: 'caliper' });
  legalOrganization.ele('name').txt(entity.name);
  const device = root.ele('participant', { typeCode: 'DEV' }).ele('associatedEntity', { classCode: 'RGPR' });
  device.ele('id', { root: '2.16.840.1.113883.3.2074.1', extension: cehrtId });
  device.ele('code', { code: '129465004', codeSystem: SNOMED, codeSystemName: 'SNOMED-CT', displayName: 'medical record, device' });

  const serviceEvent = root.ele('documentationOf', { typeCode: 'DOC' }).ele('serviceEvent', { classCode: 'PCPR' });
  serviceEvent.ele('effectiveTime').ele('low', { value: period.low }).up().ele('high', { value: period.high });
  const performer = serviceEvent.ele('performer', { typeCode: 'PRF' });
  performer.ele('time').ele('low', { value: period.low }).up().ele('high', { value: period.high });
  const assigned = performer.ele('assignedEntity');
  // An individual reports with the clinician's NPI, a group or APM entity with a null NPI (CONF:5562-18177_C01).
  if (entity.type === 'provider') assigned.ele('id', { root: '2.16.840.1.113883.4.6', extension: entity.npi! });
  else assigned.ele('id', { root: '2.16.840.1.113883.4.6', nullFlavor: 'NA' });
  const organization = assigned.ele('representedOrganization');
  if (entity.type === 'network') organization.ele('id', { root: '2.16.840.1.113883.3.249.5.4', extension: apmEntity! });
  else organization.ele('id', { root: '2.16.840.1.113883.4.2', extension: entity.tin! });
  organization.ele('name').txt(entity.name);

  const section = root.ele('component').ele('structuredBody').ele('component').ele('section');
  section.ele('templateId', { root: '2.16.840.1.113883.10.20.24.2.2' });
  section.ele('templateId', { root: '2.16.840.1.113883.10.20.27.2.1', extension: '2020-12-01' });
  section.ele('templateId', { root: '2.16.840.1.113883.10.20.27.2.3', extension: '2025-05-01' });
  section.ele('code', { code: '55186-1', codeSystem: LOINC, codeSystemName: 'LOINC', displayName: 'Measure Section' });
  section.ele('title').txt('Measure Section');
  const body = section.ele('text').ele('table', { border: '1', width: '100%' });
  body.ele('thead').ele('tr').ele('th').txt('eCQM title').up().ele('th').txt('Version specific identifier');
  const rows = body.ele('tbody');
  for (const { m, ids } of identified) rows.ele('tr').ele('td').txt(`${m.measure.title} (${m.measure.cmsId})`).up().ele('td').txt(ids.uuid);
  // Reporting Parameters Act (V2): the measurement period the counts cover (CONF:4484-21467).
  const parameters = section.ele('entry', { typeCode: 'DRIV' }).ele('act', { classCode: 'ACT', moodCode: 'EVN' });
  parameters.ele('templateId', { root: '2.16.840.1.113883.10.20.17.3.8', extension: '2020-12-01' });
  parameters.ele('id', { root: randomUUID() });
  parameters.ele('code', { code: '252116004', codeSystem: SNOMED, codeSystemName: 'SNOMED CT', displayName: 'Observation Parameters' });
  parameters.ele('effectiveTime').ele('low', { value: period.low }).up().ele('high', { value: period.high });
  for (const { m, ids } of identified) measureEntry(section, m, ids, period);
  return root.end({ prettyPrint: true });
}
