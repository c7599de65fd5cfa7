// The member practices' EHR products (fictional names) and how their extracts differ, the way real ones do:
// standard-coded FHIR Bulk NDJSON, FHIR with in-house lab codes plus a code map, and flat CSV spreadsheets
// with their own headers, US dates and local enumerations (docs/csv-extract.md).

export type Flavor = 'fhir' | 'fhir-local-labs' | 'csv';

/** An EHR's own lab codes: every lab result goes out under them, with a code map to LOINC. */
export interface LocalLabCodes {
  /** System as the EHR writes it (a URI in FHIR, a short name in CSV). */
  system: string;
  /** mnemonic: HBA1C, GLU; numeric: L10432. */
  style: 'mnemonic' | 'numeric';
  /** Also send the LOINC coding for these LOINC codes (partially mapped interfaces). */
  alsoLoinc: ReadonlySet<string>;
}

export interface CsvLayout {
  dateFormat: string;
  datetimeFormat: string;
  /** table -> file name, when not <table>.csv */
  files: Record<string, string>;
  /** table -> canonical column -> header as sent; tables list their columns in the order written. */
  columns: Record<string, Record<string, string>>;
  /** table -> canonical column -> local value -> canonical value. */
  values: Record<string, Record<string, Record<string, string>>>;
  /** Name written in code_system columns for each canonical system. */
  systemNames: Record<string, string>;
}

export interface EhrProfile {
  key: string;
  ehr: string;
  flavor: Flavor;
  /** FHIR resource ids: UUIDs or the EHR's numeric keys. */
  ids: 'uuid' | 'numeric';
  /** FHIR dateTime style: local time with offset, UTC, or date only. */
  timestamps: 'local' | 'utc' | 'date';
  /** Problem-list conditions carry SNOMED CT besides ICD-10-CM. */
  conditionSnomed: boolean;
  /** Codings carry display text. */
  displays: boolean;
  /** LOINC code of the blood-pressure panel (85354-9, or the older 55284-4 some systems still send). */
  bpPanel: '85354-9' | '55284-4';
  /** Orders (mammograms, referrals) are exported as ServiceRequest. */
  serviceRequests: boolean;
  /** The MBI is captured on the patient record. */
  capturesMbi: boolean;
  localLabs: LocalLabCodes | undefined;
  csv: CsvLayout | undefined;
}

const fhirStandard: EhrProfile = {
  key: 'meridian',
  ehr: 'Meridian EHR 12.4',
  flavor: 'fhir',
  ids: 'uuid',
  timestamps: 'local',
  conditionSnomed: true,
  displays: true,
  bpPanel: '85354-9',
  serviceRequests: true,
  capturesMbi: true,
  localLabs: undefined,
  csv: undefined,
};

const fhirTerse: EhrProfile = {
  key: 'northwind',
  ehr: 'Northwind Health Cloud 2025.2',
  flavor: 'fhir',
  ids: 'numeric',
  timestamps: 'utc',
  conditionSnomed: false,
  displays: false,
  bpPanel: '55284-4',
  serviceRequests: false,
  capturesMbi: true,
  localLabs: undefined,
  csv: undefined,
};

const fhirLocalMnemonic: EhrProfile = {
  key: 'cascade',
  ehr: 'Cascade Clinical 9',
  flavor: 'fhir-local-labs',
  ids: 'numeric',
  timestamps: 'local',
  conditionSnomed: true,
  displays: true,
  bpPanel: '85354-9',
  serviceRequests: true,
  capturesMbi: true,
  localLabs: { system: 'http://cascade-clinical.example/lab', style: 'mnemonic', alsoLoinc: new Set() },
  csv: undefined,
};

const fhirLocalNumeric: EhrProfile = {
  key: 'prairie',
  ehr: 'Prairie EMR 7.1',
  flavor: 'fhir-local-labs',
  ids: 'uuid',
  timestamps: 'date',
  conditionSnomed: false,
  displays: true,
  bpPanel: '85354-9',
  serviceRequests: false,
  capturesMbi: false,
  localLabs: { system: 'urn:prairie-emr:lab-test', style: 'numeric', alsoLoinc: new Set(['2345-7', '2160-0', '13457-7']) },
  csv: undefined,
};

const csvChartLite: EhrProfile = {
  key: 'chartlite',
  ehr: 'ChartLite Practice Manager 5',
  flavor: 'csv',
  ids: 'numeric',
  timestamps: 'local',
  conditionSnomed: false,
  displays: true,
  bpPanel: '85354-9',
  serviceRequests: false,
  capturesMbi: true,
  localLabs: undefined,
  csv: {
    dateFormat: '%m/%d/%Y',
    datetimeFormat: '%m/%d/%Y %H:%M',
    files: {
      patients: 'PatientDemographics.csv',
      encounters: 'Visits.csv',
      diagnoses: 'ProblemList.csv',
      results: 'Results.csv',
      procedures: 'Procedures.csv',
      medications: 'Medications.csv',
      coverage: 'Insurance.csv',
      claims: 'Claims.csv',
      providers: 'Providers.csv',
    },
    columns: {
      patients: {
        patient_id: 'PatID', mrn: 'ChartNo', mbi: 'MedicareID', member_id: 'MemberID', family_name: 'LastName',
        given_name: 'FirstName', middle_name: 'MiddleName', birth_date: 'DOB', sex: 'Sex', race_code: 'Race',
        ethnicity_code: 'Ethnicity', address_line: 'Address1', city: 'City', state: 'State', zip: 'Zip',
        phone: 'HomePhone', deceased_date: 'DeathDate', pcp_npi: 'PCPNPI',
      },
      encounters: {
        encounter_id: 'VisitID', patient_id: 'PatID', start: 'VisitStart', end: 'VisitEnd', code_system: 'CodeType',
        code: 'VisitCode', display: 'VisitDesc', class: 'VisitType', status: 'Status', provider_npi: 'ProviderNPI',
        discharge_code: 'Disposition',
      },
      diagnoses: {
        diagnosis_id: 'ProblemID', patient_id: 'PatID', code_system: 'CodeType', code: 'DxCode', display: 'DxDesc',
        onset_date: 'OnsetDate', abatement_date: 'ResolvedDate', recorded_date: 'EnteredDate', category: 'ListType',
        clinical_status: 'Status', encounter_id: 'VisitID',
      },
      results: {
        result_id: 'ResultID', patient_id: 'PatID', code_system: 'CodeType', code: 'TestCode', display: 'TestName',
        date: 'ResultDate', value: 'Value', unit: 'Units', value_code_system: 'ValueCodeType', value_code: 'ValueCode',
        systolic: 'BPSys', diastolic: 'BPDia', status: 'Status', category: 'Category', encounter_id: 'VisitID',
      },
      procedures: {
        procedure_id: 'ProcID', patient_id: 'PatID', code_system: 'CodeType', code: 'ProcCode', display: 'ProcDesc',
        date: 'ProcDate', end_date: 'ProcEndDate', status: 'Status', provider_npi: 'ProviderNPI',
      },
      medications: {
        medication_id: 'RxID', patient_id: 'PatID', code_system: 'CodeType', code: 'DrugCode', display: 'DrugName',
        authored_date: 'OrderDate', status: 'Status', intent: 'Intent', supply_days: 'DaysSupply', provider_npi: 'PrescriberNPI',
      },
      coverage: {
        coverage_id: 'InsID', patient_id: 'PatID', payer_name: 'PayerName', payer_id: 'PayerID', product: 'PlanType',
        payer_type_code: 'SOPCode', subscriber_id: 'SubscriberID', start_date: 'EffDate', end_date: 'TermDate',
      },
      claims: {
        claim_id: 'ClaimNo', line_no: 'LineNo', patient_id: 'PatID', claim_type: 'ClaimType', service_from: 'FromDate',
        service_to: 'ThruDate', rendering_npi: 'RenderingNPI', billing_tin: 'BillingTIN', place_of_service: 'POS',
        procedure_system: 'ProcCodeType', procedure_code: 'ProcCode', revenue_code: 'RevCode', diagnosis_codes: 'DxCodes',
        units: 'Units', allowed_amount: 'Allowed', paid_amount: 'Paid',
      },
      providers: {
        provider_id: 'ProvID', npi: 'NPI', family_name: 'LastName', given_name: 'FirstName', specialty_code: 'Specialty',
        is_pcp: 'PCP',
      },
    },
    values: {
      patients: {
        sex: { '1': 'male', '2': 'female', '9': 'unknown' },
        race_code: { W: '2106-3', B: '2054-5', A: '2028-9', I: '1002-5', P: '2076-8', O: '2131-1' },
        ethnicity_code: { H: '2135-2', N: '2186-5' },
      },
      encounters: { class: { OFFICE: 'AMB', TELE: 'VR', ER: 'EMER', HOSP: 'IMP', HOME: 'HH' } },
      diagnoses: { category: { P: 'problem-list-item', E: 'encounter-diagnosis' } },
      results: { category: { LAB: 'laboratory', VITAL: 'vital-signs', SURVEY: 'survey', IMG: 'imaging', SOC: 'social-history' } },
      claims: { claim_type: { '71': 'professional', '60': 'institutional' } },
    },
    systemNames: {
      CPT: 'CPT', HCPCS: 'HCPCS', ICD10CM: 'ICD10', SNOMEDCT: 'SNOMED', LOINC: 'LOINC', RXNORM: 'RXNORM', CVX: 'CVX',
    },
  },
};

const csvOfficeSuite: EhrProfile = {
  key: 'officesuite',
  ehr: 'OfficeSuite EHR Export 3.2',
  flavor: 'csv',
  ids: 'numeric',
  timestamps: 'local',
  conditionSnomed: false,
  displays: true,
  bpPanel: '85354-9',
  serviceRequests: false,
  capturesMbi: false,
  localLabs: { system: 'LOCAL-LAB', style: 'mnemonic', alsoLoinc: new Set() },
  csv: {
    dateFormat: '%m/%d/%Y',
    datetimeFormat: '%m/%d/%Y %H:%M',
    files: { patients: 'patient_list.csv', diagnoses: 'problems.csv', results: 'results.csv' },
    columns: {
      patients: {
        patient_id: 'Patient Number', mrn: 'Account Number', member_id: 'Insurance Member ID',
        family_name: 'Patient Last Name', given_name: 'Patient First Name', middle_name: 'Middle Initial',
        birth_date: 'Birth Date', sex: 'Gender', race_code: 'Race Code', ethnicity_code: 'Ethnicity Code',
        address_line: 'Street', city: 'City', state: 'ST', zip: 'ZIP', phone: 'Phone', pcp_npi: 'Rendering Provider NPI',
      },
      encounters: {
        encounter_id: 'Encounter Number', patient_id: 'Patient Number', start: 'Date of Service', code_system: 'Code Set',
        code: 'Procedure Code', class: 'Setting', status: 'Encounter Status', provider_npi: 'Rendering Provider NPI',
      },
      diagnoses: {
        diagnosis_id: 'Problem Number', patient_id: 'Patient Number', code_system: 'Code Set', code: 'Code',
        display: 'Description', onset_date: 'Onset', abatement_date: 'Resolved', category: 'Type', clinical_status: 'Status',
        encounter_id: 'Encounter Number',
      },
      results: {
        result_id: 'Result Number', patient_id: 'Patient Number', code_system: 'Code Set', code: 'Test Code',
        display: 'Test Description', date: 'Collected', value: 'Result', unit: 'UOM', value_code_system: 'Result Code Set',
        value_code: 'Result Code', systolic: 'Systolic', diastolic: 'Diastolic', category: 'Kind',
        encounter_id: 'Encounter Number',
      },
      procedures: {
        procedure_id: 'Procedure Number', patient_id: 'Patient Number', code_system: 'Code Set', code: 'Procedure Code',
        display: 'Description', date: 'Date Performed', status: 'Status', provider_npi: 'Rendering Provider NPI',
      },
      medications: {
        medication_id: 'Prescription Number', patient_id: 'Patient Number', code_system: 'Code Set', code: 'Drug Code',
        display: 'Drug', authored_date: 'Written', status: 'Status', supply_days: 'Days Supply',
        provider_npi: 'Prescriber NPI',
      },
      coverage: {
        coverage_id: 'Policy Number', patient_id: 'Patient Number', payer_name: 'Carrier', payer_id: 'Carrier ID',
        product: 'Plan', payer_type_code: 'Payer Typology', subscriber_id: 'Insurance Member ID', start_date: 'Effective',
        end_date: 'Termination',
      },
      claims: {
        claim_id: 'Claim Number', line_no: 'Line', patient_id: 'Patient Number', claim_type: 'Claim Type',
        service_from: 'From', service_to: 'Through', rendering_npi: 'Rendering Provider NPI', billing_tin: 'Tax ID',
        place_of_service: 'Place of Service', procedure_system: 'Code Set', procedure_code: 'Procedure Code',
        revenue_code: 'Revenue Code', diagnosis_codes: 'Diagnosis Codes', units: 'Units', allowed_amount: 'Allowed Amount',
        paid_amount: 'Paid Amount',
      },
      providers: {
        provider_id: 'Provider Number', npi: 'NPI', family_name: 'Last Name', given_name: 'First Name',
        specialty_code: 'CMS Specialty', is_pcp: 'Primary Care',
      },
    },
    values: {
      patients: { sex: { M: 'male', F: 'female', U: 'unknown' } },
      encounters: { class: { Office: 'AMB', Telehealth: 'VR', Emergency: 'EMER', Inpatient: 'IMP', Home: 'HH' } },
      diagnoses: { category: { Problem: 'problem-list-item', Visit: 'encounter-diagnosis' } },
      results: { category: { Lab: 'laboratory', Vital: 'vital-signs', Questionnaire: 'survey', Imaging: 'imaging', Social: 'social-history' } },
    },
    systemNames: {
      CPT: 'CPT-4', HCPCS: 'HCPCS', ICD10CM: 'ICD-10-CM', SNOMEDCT: 'SNOMED-CT', LOINC: 'LOINC', RXNORM: 'RxNorm', CVX: 'CVX',
    },
  },
};

/** Practices take EHRs in this rotation: 12 practices give 5 standard FHIR, 3 local-code FHIR and 4 CSV. */
export const PROFILE_ROTATION: readonly EhrProfile[] = [
  fhirStandard,
  csvChartLite,
  fhirLocalMnemonic,
  fhirTerse,
  fhirStandard,
  csvOfficeSuite,
  fhirLocalNumeric,
  fhirStandard,
  csvChartLite,
  fhirLocalMnemonic,
  fhirTerse,
  csvOfficeSuite,
];
