// A practice's flat CSV extract per docs/csv-extract.md, in the EHR's own dialect: its file names and headers,
// US dates, local enumerations (sex 1/2, race letters, visit settings), its names for code systems, and the
// mapping JSON (csv_mapping) that tells the loader how to read all of it. Flat extracts carry no immunizations
// or orders, as real spreadsheet exports usually don't.
import { usDate, usDateTime, type Day } from './calendar.ts';
import type { CsvLayout, EhrProfile } from './ehr-profiles.ts';
import type { NetworkPlan, Practice } from './network.ts';
import type { PracticeOutput } from './output.ts';
import { Rng } from './random.ts';
import type { Coding, ReferenceData } from './reference-data.ts';
import { codingsFor, localLabCodes, performerNpi, resolvePerformer, VISIT_TEXT, type LocalLabCode, type PatientRecord } from './record.ts';
import type { CsvValue } from './csv-line.ts';

type Row = Record<string, CsvValue>;

/** A table's file name in a layout (docs/csv-extract.md: <table>.csv unless the mapping names another). */
export function csvFileName(layout: CsvLayout, table: string): string {
  return layout.files[table] ?? `${table}.csv`;
}

/** Columns holding dates (docs/csv-extract.md); a day number there is written in the layout's date format. */
const DATE_COLUMNS = new Set(['birth_date', 'deceased_date', 'onset_date', 'abatement_date', 'recorded_date', 'date', 'end_date', 'authored_date', 'start_date', 'service_from', 'service_to']);

export class CsvWriter {
  private readonly layout: CsvLayout;
  private readonly profile: EhrProfile;
  private readonly local: Map<string, LocalLabCode> | undefined;
  /** canonical value -> local value, per table and column (the inverse of layout.values). */
  private readonly localValue: Record<string, Record<string, Record<string, string>>> = {};
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly plan: NetworkPlan,
    private readonly ref: ReferenceData,
    private readonly practice: Practice,
    private readonly out: PracticeOutput,
  ) {
    this.profile = practice.profile;
    this.layout = this.profile.csv!;
    this.local = this.profile.localLabs ? localLabCodes(ref, this.profile.localLabs, plan.seed) : undefined;
    for (const [table, columns] of Object.entries(this.layout.values)) {
      this.localValue[table] = Object.fromEntries(Object.entries(columns).map(([column, map]) => [column, Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k]))]));
    }
  }

  private fileOf(table: string): string {
    return csvFileName(this.layout, table);
  }

  private columns(table: string): string[] {
    return Object.keys(this.layout.columns[table]!);
  }

  begin(): void {
    const p = this.practice;
    const manifest: Record<string, unknown> = { practice_id: p.id, name: p.name, tin: p.tin, ehr: this.profile.ehr, format: 'csv', csv_mapping: 'mapping.json' };
    if (this.local) manifest.code_map = 'code_map.csv';
    this.out.text('source.json', JSON.stringify(manifest, null, 2) + '\n');
    const mapping = {
      date_format: this.layout.dateFormat,
      datetime_format: this.layout.datetimeFormat,
      files: this.layout.files,
      columns: this.layout.columns,
      values: this.layout.values,
    };
    this.out.text('mapping.json', JSON.stringify(mapping, null, 2) + '\n');
    if (this.local) {
      const lines = ['local_system,local_code,code_system,code,display\n'];
      for (const { local, loinc } of this.local.values()) lines.push(`${local.system},${local.code},LOINC,${loinc.code},"${loinc.display.replace(/"/g, '""')}"\n`);
      this.out.text('code_map.csv', lines.join(''));
    }
    for (const table of Object.keys(this.layout.columns)) {
      const columns = this.columns(table);
      this.out.text(this.fileOf(table), columns.map((c) => this.layout.columns[table]![c]).map((h) => (/[",]/.test(h!) ? `"${h}"` : h)).join(',') + '\n');
    }
    for (const provider of p.providers) {
      this.emit('providers', { provider_id: provider.sourceId, npi: provider.npi, family_name: provider.family, given_name: provider.given, specialty_code: provider.specialty, is_pcp: provider.isPcp ? 'Y' : 'N' });
    }
  }

  private id(table: string): string {
    const n = (this.counters.get(table) ?? 0) + 1;
    this.counters.set(table, n);
    return String(n);
  }

  private system(c: Coding): string {
    if (this.profile.localLabs && c.system === this.profile.localLabs.system) return c.system;
    return this.layout.systemNames[c.system] ?? c.system;
  }

  /** One row in the layout's column order, with local enumerations and US dates. */
  private emit(table: string, row: Row): void {
    const columns = this.columns(table);
    const values = columns.map((column) => {
      const value = row[column];
      const local = this.localValue[table]?.[column];
      if (local && typeof value === 'string' && local[value] !== undefined) return local[value];
      if (typeof value === 'number' && DATE_COLUMNS.has(column)) return usDate(value as Day);
      return value;
    });
    this.out.row(this.fileOf(table), columns, values);
  }

  /** Writes one patient record and everything in it; returns its patient_id. */
  patient(record: PatientRecord): string {
    const { demographics: d, history: h, site } = record;
    const rng = new Rng(this.plan.seed, 'render', this.practice.id, record.person.index);
    const patientId = String(10_000 + record.seq * 3 + (record.seq % 3));
    const mine = <T extends { site: string }>(items: readonly T[]) => items.filter((x) => x.site === site);
    const current = h.coverage.find((c) => c.end === undefined) ?? h.coverage[h.coverage.length - 1];
    this.emit('patients', {
      patient_id: patientId,
      mrn: `${this.practice.id}-${String(record.seq).padStart(6, '0')}`,
      mbi: this.profile.capturesMbi ? d.mbi : undefined,
      member_id: current && current.kind !== 'medicare_ffs' ? current.subscriberId : undefined,
      family_name: d.family.toUpperCase(),
      given_name: d.given.toUpperCase(),
      middle_name: d.middle ? d.middle[0] : '',
      birth_date: d.birthDay,
      sex: d.sex,
      race_code: d.race?.code,
      ethnicity_code: d.ethnicity?.code,
      address_line: d.address.line,
      city: d.address.city,
      state: d.address.state,
      zip: d.address.zip,
      phone: d.phone.replace(/-/g, ''),
      deceased_date: h.deathDay,
      pcp_npi: record.pcp.npi,
    });

    h.coverage.forEach((c) => {
      this.emit('coverage', {
        coverage_id: this.id('coverage'),
        patient_id: patientId,
        payer_name: c.payerName,
        payer_id: c.payerId,
        product: c.product,
        payer_type_code: c.sop.code,
        subscriber_id: c.subscriberId,
        start_date: c.start,
        end_date: c.end,
      });
    });

    const visitIds = h.visits.map((v) => (v.site === site ? this.id('encounters') : ''));
    h.visits.forEach((v, i) => {
      if (v.site !== site) return;
      const code = v.code.codings[0]!;
      const performer = resolvePerformer(this.plan, this.practice, record, rng, v.performer);
      this.emit('encounters', {
        encounter_id: visitIds[i],
        patient_id: patientId,
        start: usDateTime(v.day, v.minute),
        end: v.kind === 'inpatient' ? usDateTime(v.endDay, 660) : usDateTime(v.day, v.minute + v.durationMinutes),
        code_system: this.system(code),
        code: code.code,
        display: VISIT_TEXT[v.kind],
        class: v.classCode,
        status: 'finished',
        provider_npi: performerNpi(performer),
        // NUBC patient discharge status 01: discharged to home or self care.
        discharge_code: v.kind === 'inpatient' ? '01' : undefined,
      });
    });

    for (const c of mine(h.conditions)) {
      const coding = c.concept.codings.find((x) => x.system === 'ICD10CM') ?? c.concept.codings[0]!;
      this.emit('diagnoses', {
        diagnosis_id: this.id('diagnoses'),
        patient_id: patientId,
        code_system: this.system(coding),
        code: coding.code,
        display: coding.display,
        onset_date: c.onset,
        abatement_date: c.abatement,
        recorded_date: c.onset,
        category: c.category,
        clinical_status: c.abatement !== undefined ? 'resolved' : 'active',
        encounter_id: c.visitRef !== undefined ? visitIds[c.visitRef] || undefined : undefined,
      });
    }

    for (const o of mine(h.observations)) {
      const bp = o.value.kind === 'bp';
      const coding = bp ? this.ref.codes.get('bp_panel', '85354-9').codings[0]! : codingsFor(o.concept, o.isLab, this.profile.localLabs, this.local)[0]!;
      const v = o.value;
      this.emit('results', {
        result_id: this.id('results'),
        patient_id: patientId,
        code_system: this.system(coding),
        code: coding.code,
        display: coding.display,
        date: o.day,
        value: v.kind === 'quantity' ? v.value : undefined,
        unit: v.kind === 'quantity' ? v.unit : v.kind === 'bp' ? 'mm[Hg]' : undefined,
        value_code_system: v.kind === 'coded' ? this.system(v.coding) : undefined,
        value_code: v.kind === 'coded' ? v.coding.code : undefined,
        systolic: v.kind === 'bp' ? v.systolic : undefined,
        diastolic: v.kind === 'bp' ? v.diastolic : undefined,
        status: 'final',
        category: o.category,
        encounter_id: o.visitRef !== undefined ? visitIds[o.visitRef] || undefined : undefined,
      });
    }

    for (const p of mine(h.procedures)) {
      const coding = p.concept.codings.find((c) => c.system === 'CPT' || c.system === 'HCPCS') ?? p.concept.codings[0]!;
      this.emit('procedures', {
        procedure_id: this.id('procedures'),
        patient_id: patientId,
        code_system: this.system(coding),
        code: coding.code,
        display: coding.display || undefined,
        date: p.day,
        status: p.status,
        provider_npi: performerNpi(resolvePerformer(this.plan, this.practice, record, rng, p.performer)),
      });
    }

    for (const m of mine(h.medications)) {
      const coding = m.concept.codings[0]!;
      this.emit('medications', {
        medication_id: this.id('medications'),
        patient_id: patientId,
        code_system: this.system(coding),
        code: coding.code,
        display: coding.display,
        authored_date: m.authored,
        status: m.status,
        intent: 'order',
        supply_days: m.supplyDays,
        provider_npi: record.pcp.npi,
      });
    }

    for (const c of mine(h.claims)) {
      const claimId = `${this.practice.id}C${this.id('claims').padStart(7, '0')}`;
      const performer = resolvePerformer(this.plan, this.practice, record, rng, c.performer);
      c.lines.forEach((l, k) => {
        this.emit('claims', {
          claim_id: claimId,
          line_no: k + 1,
          patient_id: patientId,
          claim_type: c.type,
          service_from: c.from,
          service_to: c.to,
          rendering_npi: performerNpi(performer),
          billing_tin: performer.kind === 'provider' ? this.practice.tin : `9${performerNpi(performer).slice(2, 10)}`,
          place_of_service: c.placeOfService.code,
          procedure_system: l.code ? this.system(l.code) : undefined,
          procedure_code: l.code?.code,
          revenue_code: l.revenue?.code,
          diagnosis_codes: c.diagnoses.map((dx) => dx.code).join(';'),
          units: l.units,
          allowed_amount: l.allowed.toFixed(2),
          paid_amount: l.paid.toFixed(2),
        });
      });
    }
    return patientId;
  }
}

