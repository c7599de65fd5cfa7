// A practice's FHIR R4 Bulk Data export: one NDJSON file per resource type (Patient.ndjson, Encounter.ndjson, ...),
// shaped as US Core / QI-Core resources. The payer claims the practice receives are ExplanationOfBenefit
// resources, as payer feeds send them (CMS BCDA, CARIN Blue Button): one item per claim line, its allowed and
// paid amounts in item.adjudication under the categories 'eligible' and 'benefit' (US dollars: Money.currency,
// optional in FHIR R4, is left out); a facility (institutional) claim's lines carry revenue codes and no place
// of service.
import { isoDate, localDateTime, utcDateTime, type Day } from './calendar.ts';
import type { EhrProfile } from './ehr-profiles.ts';
import type { ObservationEntry, Visit } from './model.ts';
import type { NetworkPlan, Practice, Provider } from './network.ts';
import type { PracticeOutput } from './output.ts';
import { uuid } from './identifiers.ts';
import { Rng } from './random.ts';
import type { Coding, Concept, ReferenceData } from './reference-data.ts';
import {
  VISIT_TEXT,
  codingsFor,
  localLabCodes,
  performerNpi,
  resolvePerformer,
  type LocalLabCode,
  type PatientRecord,
  type ResolvedPerformer,
} from './record.ts';

/** FHIR system URI of each canonical code system (the inverse of sql/seed/code_system_alias.csv). */
const SYSTEM_URI: Record<string, string> = {
  LOINC: 'http://loinc.org',
  SNOMEDCT: 'http://snomed.info/sct',
  ICD10CM: 'http://hl7.org/fhir/sid/icd-10-cm',
  CPT: 'http://www.ama-assn.org/go/cpt',
  HCPCS: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  RXNORM: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  CVX: 'http://hl7.org/fhir/sid/cvx',
  CDCREC: 'urn:oid:2.16.840.1.113883.6.238',
  SOP: 'https://nahdo.org/sopt',
  NUCC: 'http://nucc.org/provider-taxonomy',
  // CMS Place of Service codes by their HL7 OID, as many claims systems send them (the THO URI is
  // https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set).
  POS: 'urn:oid:2.16.840.1.113883.6.50',
  'NUBC-REV': 'https://www.nubc.org/CodeSystem/RevenueCodes',
};
const NPI = 'http://hl7.org/fhir/sid/us-npi';
const TIN = 'urn:oid:2.16.840.1.113883.4.4';
const MBI = 'http://hl7.org/fhir/sid/us-mbi';
const UCUM = 'http://unitsofmeasure.org';
const CMS_SPECIALTY = 'https://bluebutton.cms.gov/resources/variables/prvdr_spclty';
const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';

type Json = Record<string, unknown>;

export class FhirWriter {
  private readonly profile: EhrProfile;
  private readonly local: Map<string, LocalLabCode> | undefined;
  private readonly counters = new Map<string, number>();
  private readonly idRng: Rng;
  private readonly practitionerIds: Map<Provider, string>;
  private readonly organizationId: string;

  constructor(
    private readonly plan: NetworkPlan,
    private readonly ref: ReferenceData,
    private readonly practice: Practice,
    private readonly out: PracticeOutput,
  ) {
    this.profile = practice.profile;
    this.local = this.profile.localLabs ? localLabCodes(ref, this.profile.localLabs, plan.seed) : undefined;
    this.idRng = new Rng(plan.seed, 'fhir-ids', practice.id);
    this.organizationId = this.id('Organization');
    this.practitionerIds = new Map(practice.providers.map((p) => [p, this.profile.ids === 'numeric' ? p.sourceId : this.id('Practitioner')]));
  }

  /** Files beside the NDJSON: the manifest and, for local-code EHRs, the code map. */
  begin(): void {
    const p = this.practice;
    const manifest: Json = { practice_id: p.id, name: p.name, tin: p.tin, ehr: this.profile.ehr, format: 'fhir' };
    if (this.local) manifest.code_map = 'code_map.csv';
    this.out.text('source.json', JSON.stringify(manifest, null, 2) + '\n');
    if (this.local) {
      const lines = ['local_system,local_code,code_system,code,display\n'];
      for (const { local, loinc } of this.local.values()) lines.push(`${local.system},${local.code},LOINC,${loinc.code},"${loinc.display.replace(/"/g, '""')}"\n`);
      this.out.text('code_map.csv', lines.join(''));
    }
    this.out.resource('Organization.ndjson', {
      resourceType: 'Organization',
      id: this.organizationId,
      identifier: [{ system: NPI, value: p.npi }, { system: TIN, value: p.tin }],
      active: true,
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov' }] }],
      name: p.name,
    });
    for (const provider of p.providers) {
      this.out.resource('Practitioner.ndjson', {
        resourceType: 'Practitioner',
        id: this.practitionerIds.get(provider),
        identifier: [{ system: NPI, value: provider.npi }],
        active: true,
        name: [{ family: provider.family, given: [provider.given], suffix: [provider.specialty === '50' ? 'NP' : provider.specialty === '97' ? 'PA-C' : 'MD'] }],
        gender: provider.sex,
        qualification: [{ code: { coding: [this.coding(provider.taxonomy), { system: CMS_SPECIALTY, code: provider.specialty }] } }],
      });
    }
  }

  private id(type: string): string {
    if (this.profile.ids === 'uuid') return uuid(this.idRng);
    const n = (this.counters.get(type) ?? 0) + 1;
    this.counters.set(type, n);
    return String(n);
  }

  private coding(c: Coding, displays = this.profile.displays): Json {
    const out: Json = { system: SYSTEM_URI[c.system] ?? c.system, code: c.code };
    if (displays && c.display) out.display = c.display;
    return out;
  }

  private concept(codings: readonly Coding[], text?: string): Json {
    const out: Json = { coding: codings.map((c) => this.coding(c)) };
    if (text && this.profile.displays) out.text = text;
    return out;
  }

  /** Claim codings: claims feeds carry codes without descriptions. */
  private bare(c: Coding): Json {
    return { coding: [this.coding(c, false)] };
  }

  private dateTime(day: Day, minute: number): string {
    switch (this.profile.timestamps) {
      case 'local':
        return localDateTime(day, minute);
      case 'utc':
        return utcDateTime(day, minute);
      default:
        return isoDate(day);
    }
  }

  private actor(p: ResolvedPerformer): Json {
    return p.kind === 'provider' ? { reference: `Practitioner/${this.practitionerIds.get(p.provider)}` } : { identifier: { system: NPI, value: p.npi } };
  }

  /** Writes one patient record and everything in it; returns the Patient id. */
  patient(record: PatientRecord): string {
    const { demographics: d, history: h, site } = record;
    const rng = new Rng(this.plan.seed, 'render', this.practice.id, record.person.index);
    const patientId = this.id('Patient');
    const subject = { reference: `Patient/${patientId}` };
    const mine = <T extends { site: string }>(items: readonly T[]) => items.filter((x) => x.site === site);

    const extension: Json[] = [];
    if (d.race) extension.push({ url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race', extension: [{ url: 'ombCategory', valueCoding: this.coding(d.race) }, { url: 'text', valueString: d.race.display }] });
    if (d.ethnicity) extension.push({ url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity', extension: [{ url: 'ombCategory', valueCoding: this.coding(d.ethnicity) }, { url: 'text', valueString: d.ethnicity.display }] });
    const identifier: Json[] = [{ use: 'usual', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: `http://${this.profile.key}.example/${this.practice.id}/mrn`, value: `M${String(1_000_000 + record.seq)}` }];
    if (d.mbi && this.profile.capturesMbi) identifier.push({ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MC' }] }, system: MBI, value: d.mbi });
    const patient: Json = {
      resourceType: 'Patient',
      id: patientId,
      extension: extension.length > 0 ? extension : undefined,
      identifier,
      active: true,
      name: [{ use: 'official', family: d.family, given: d.middle ? [d.given, d.middle] : [d.given] }],
      // Some registrations have no phone on file.
      telecom: rng.chance(0.92) ? [{ system: 'phone', value: d.phone, use: 'home' }] : undefined,
      gender: d.sex,
      birthDate: isoDate(d.birthDay),
      deceasedDateTime: h.deathDay !== undefined ? this.dateTime(h.deathDay, 600) : undefined,
      address: [{ use: 'home', line: [d.address.line], city: d.address.city, state: d.address.state, postalCode: d.address.zip }],
      generalPractitioner: [{ reference: `Practitioner/${this.practitionerIds.get(record.pcp)}` }],
      managingOrganization: { reference: `Organization/${this.organizationId}` },
    };
    this.out.resource('Patient.ndjson', patient);

    const coverageIds = h.coverage.map(() => this.id('Coverage'));
    h.coverage.forEach((c, i) => {
      this.out.resource('Coverage.ndjson', {
        resourceType: 'Coverage',
        id: coverageIds[i],
        status: 'active',
        type: this.concept([c.sop]),
        subscriberId: c.subscriberId || undefined,
        beneficiary: subject,
        relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self' }] },
        period: { start: isoDate(c.start), end: c.end !== undefined ? isoDate(c.end) : undefined },
        payor: [{ identifier: { value: c.payerId }, display: c.payerName }],
        class: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan' }] }, value: c.product, name: c.product }],
      });
    });

    const conditionIds = h.conditions.map((c) => (c.site === site ? this.id('Condition') : ''));
    const visitIds = h.visits.map((v) => (v.site === site ? this.id('Encounter') : ''));
    const encounterRef = (visitRef: number | undefined) => (visitRef !== undefined && visitIds[visitRef] ? { reference: `Encounter/${visitIds[visitRef]}` } : undefined);

    h.conditions.forEach((c, i) => {
      if (c.site !== site) return;
      const codings = this.profile.conditionSnomed || c.category === 'encounter-diagnosis' ? c.concept.codings : c.concept.codings.filter((x) => x.system === 'ICD10CM');
      this.out.resource('Condition.ndjson', {
        resourceType: 'Condition',
        id: conditionIds[i],
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: c.abatement !== undefined ? 'resolved' : 'active' }] },
        verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: c.category }] }],
        code: this.concept(codings.length > 0 ? codings : c.concept.codings, codings[0]?.display),
        subject,
        encounter: encounterRef(c.visitRef),
        onsetDateTime: isoDate(c.onset),
        abatementDateTime: c.abatement !== undefined ? isoDate(c.abatement) : undefined,
        recordedDate: isoDate(c.onset),
      });
    });

    h.visits.forEach((v, i) => {
      if (v.site !== site) return;
      this.out.resource('Encounter.ndjson', this.encounter(v, visitIds[i]!, subject, record, rng, h.conditions.map((c, k) => ({ site: c.site, concept: c.concept, id: conditionIds[k]! }))));
    });

    for (const o of mine(h.observations)) this.out.resource('Observation.ndjson', this.observation(o, subject, encounterRef(o.visitRef)));

    for (const p of mine(h.procedures)) {
      this.out.resource('Procedure.ndjson', {
        resourceType: 'Procedure',
        id: this.id('Procedure'),
        status: p.status,
        code: this.concept(p.concept.codings, p.concept.codings.find((c) => c.display)?.display),
        subject,
        encounter: encounterRef(p.visitRef),
        performedDateTime: this.dateTime(p.day, 600),
        performer: [{ actor: this.actor(resolvePerformer(this.plan, this.practice, record, rng, p.performer)) }],
        reasonCode: p.reason ? [this.concept([p.reason])] : undefined,
      });
    }

    for (const m of mine(h.medications)) {
      this.out.resource('MedicationRequest.ndjson', {
        resourceType: 'MedicationRequest',
        id: this.id('MedicationRequest'),
        status: m.status,
        intent: 'order',
        medicationCodeableConcept: this.concept(m.concept.codings, m.concept.codings[0]!.display),
        subject,
        authoredOn: isoDate(m.authored),
        requester: { reference: `Practitioner/${this.practitionerIds.get(record.pcp)}` },
        reasonCode: m.reason ? [this.concept([m.reason])] : undefined,
        dispenseRequest: { expectedSupplyDuration: { value: m.supplyDays, unit: 'days', system: UCUM, code: 'd' } },
      });
    }

    for (const m of mine(h.immunizations)) {
      this.out.resource('Immunization.ndjson', {
        resourceType: 'Immunization',
        id: this.id('Immunization'),
        status: 'completed',
        vaccineCode: this.concept(m.concept.codings),
        patient: subject,
        occurrenceDateTime: isoDate(m.day),
        primarySource: true,
      });
    }

    if (this.profile.serviceRequests) {
      for (const s of mine(h.serviceRequests)) {
        this.out.resource('ServiceRequest.ndjson', {
          resourceType: 'ServiceRequest',
          id: this.id('ServiceRequest'),
          status: s.status,
          intent: 'order',
          category: [{ coding: [{ system: 'http://snomed.info/sct', code: s.category === 'imaging' ? '363679005' : s.category === 'referral' ? '3457005' : '108252007' }] }],
          code: this.concept(s.concept.codings),
          subject,
          authoredOn: isoDate(s.day),
          requester: { reference: `Practitioner/${this.practitionerIds.get(record.pcp)}` },
          reasonCode: s.reason ? [this.concept([s.reason])] : undefined,
        });
      }
    }

    for (const c of mine(h.claims)) {
      const performer = resolvePerformer(this.plan, this.practice, record, rng, c.performer);
      const billingTin = performer.kind === 'provider' ? this.practice.tin : `9${performerNpi(performer).slice(2, 10)}`;
      this.out.resource('ExplanationOfBenefit.ndjson', {
        resourceType: 'ExplanationOfBenefit',
        id: this.id('ExplanationOfBenefit'),
        status: 'active',
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: c.type }] },
        use: 'claim',
        patient: subject,
        billablePeriod: { start: isoDate(c.from), end: isoDate(c.to) },
        created: isoDate(c.to + 3),
        insurer: { display: h.coverage[c.coverageRef]!.payerName },
        provider: { identifier: { system: TIN, value: billingTin } },
        outcome: 'complete',
        careTeam: [{ sequence: 1, provider: this.actor(performer) }],
        diagnosis: c.diagnoses.map((dx, k) => ({ sequence: k + 1, diagnosisCodeableConcept: this.bare(dx) })),
        insurance: [{ focal: true, coverage: { reference: `Coverage/${coverageIds[c.coverageRef]}` } }],
        item: c.lines.map((l, k) => ({
          sequence: k + 1,
          careTeamSequence: [1],
          revenue: l.revenue ? this.bare(l.revenue) : undefined,
          productOrService: l.code ? this.bare(l.code) : { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'not-applicable' }] },
          servicedDate: c.from === c.to ? isoDate(c.from) : undefined,
          servicedPeriod: c.from === c.to ? undefined : { start: isoDate(c.from), end: isoDate(c.to) },
          locationCodeableConcept: c.type === 'professional' ? this.bare(c.placeOfService) : undefined,
          quantity: l.units === 1 ? undefined : { value: l.units },
          adjudication: [
            { category: { coding: [{ system: ADJUDICATION, code: 'eligible' }] }, amount: { value: l.allowed } },
            { category: { coding: [{ system: ADJUDICATION, code: 'benefit' }] }, amount: { value: l.paid } },
          ],
        })),
      });
    }
    return patientId;
  }

  private encounter(v: Visit, id: string, subject: Json, record: PatientRecord, rng: Rng, conditions: { site: string; concept: Concept; id: string }[]): Json {
    const performer = resolvePerformer(this.plan, this.practice, record, rng, v.performer);
    // Encounter.diagnosis points at this practice's own Condition for each addressed problem.
    const diagnosis = v.conditionRefs
      .map((ref) => {
        const c = conditions[ref]!;
        return c.site === v.site ? c : conditions.find((x) => x.site === v.site && x.concept === c.concept);
      })
      .filter((c) => c !== undefined && c.id !== '')
      .map((c, rank) => ({ condition: { reference: `Condition/${c!.id}` }, rank: rank + 1 }));
    const end = v.kind === 'inpatient' ? this.dateTime(v.endDay, 660) : this.dateTime(v.day, v.minute + v.durationMinutes);
    return {
      resourceType: 'Encounter',
      id,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: v.classCode },
      type: [this.concept(v.code.codings, VISIT_TEXT[v.kind])],
      subject,
      participant: [{ individual: this.actor(performer) }],
      period: { start: this.dateTime(v.day, v.minute), end },
      diagnosis: diagnosis.length > 0 ? diagnosis : undefined,
      hospitalization: v.kind === 'inpatient' ? { dischargeDisposition: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: rng.chance(0.8) ? 'home' : 'snf' }] } } : undefined,
      serviceProvider: { reference: `Organization/${this.organizationId}` },
    };
  }

  private observation(o: ObservationEntry, subject: Json, encounter: Json | undefined): Json {
    const codings = codingsFor(o.concept, o.isLab, this.profile.localLabs, this.local);
    const bp = o.value.kind === 'bp';
    const code = bp ? this.concept([this.ref.codes.get(this.profile.bpPanel === '85354-9' ? 'bp_panel' : 'bp_panel_alternate', this.profile.bpPanel).codings[0]!]) : this.concept(codings);
    const obs: Json = {
      resourceType: 'Observation',
      id: this.id('Observation'),
      status: 'final',
      category: [o.category, o.alsoCategory]
        .filter((code) => code !== undefined)
        .map((code) => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code }] })),
      code,
      subject,
      encounter,
      effectiveDateTime: this.dateTime(o.day, o.minute),
    };
    const v = o.value;
    if (v.kind === 'quantity') {
      // Local-code EHRs send the unit as text only (e.g. HbA1c '%').
      obs.valueQuantity = this.local ? { value: v.value, unit: v.unit } : { value: v.value, unit: v.unit, system: UCUM, code: v.unit };
    } else if (v.kind === 'coded') obs.valueCodeableConcept = this.concept([v.coding]);
    else if (v.kind === 'bp') {
      const mmHg = (value: number) => ({ value, unit: 'mm[Hg]', system: UCUM, code: 'mm[Hg]' });
      obs.component = [
        { code: this.concept(this.ref.codes.get('bp_systolic', '8480-6').codings), valueQuantity: mmHg(v.systolic) },
        { code: this.concept(this.ref.codes.get('bp_diastolic', '8462-4').codings), valueQuantity: mmHg(v.diastolic) },
      ];
    }
    return obs;
  }
}
