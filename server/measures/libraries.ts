// Shared eCQM libraries, each implemented once in sql/measures/shared/<id>.sql as a per-run temp table
// with one row per enterprise patient who meets it (and the evidence that decided it, where a measure
// reports it: the exclusion libraries). Measures list the libraries they use; the runner computes each
// used library once per run.
import type { LibraryDefinition, LibraryId } from './types.ts';

const hospice: LibraryDefinition = {
  id: 'hospice',
  cql: 'Hospice 6.12.000, 6.15.000, 6.18.000 ("Has Hospice Services"; rows flag the versions, whose Status libraries differ)',
  table: 'm_hospice',
  sql: 'measures/shared/hospice',
  valueSets: {
    encounter_inpatient: '2.16.840.1.113883.3.666.5.307',
    hospice_care_ambulatory: '2.16.840.1.113883.3.526.3.1584',
    hospice_encounter: '2.16.840.1.113883.3.464.1003.1003',
    hospice_diagnosis: '2.16.840.1.113883.3.464.1003.1165',
  },
  codes: {
    hospice_care_mds: { system: 'LOINC', code: '45755-6', display: 'Hospice care [Minimum Data Set]' },
  },
};

const palliativeCare: LibraryDefinition = {
  id: 'palliative_care',
  cql: 'PalliativeCare 1.15.000 ("Has Palliative Care in the Measurement Period"; rows flag 1.11.000 and 1.18.000)',
  table: 'm_palliative_care',
  sql: 'measures/shared/palliative_care',
  valueSets: {
    palliative_care_encounter: '2.16.840.1.113883.3.464.1003.101.12.1090',
    palliative_care_intervention: '2.16.840.1.113883.3.464.1003.198.12.1135',
    palliative_care_diagnosis: '2.16.840.1.113883.3.464.1003.1167',
  },
  codes: {
    facit_pal: {
      system: 'LOINC',
      code: '71007-9',
      display: 'Functional Assessment of Chronic Illness Therapy - Palliative Care Questionnaire (FACIT-Pal)',
    },
  },
};

const advancedIllnessFrailty: LibraryDefinition = {
  id: 'advanced_illness_frailty',
  cql: 'AdvancedIllnessandFrailty 1.16.000, 1.27.000 (frailty, advanced illness, dementia medications; rows flag the versions)',
  table: 'm_advanced_illness_frailty',
  sql: 'measures/shared/advanced_illness_frailty',
  valueSets: {
    advanced_illness: '2.16.840.1.113883.3.464.1003.110.12.1082',
    dementia_medications: '2.16.840.1.113883.3.464.1003.196.12.1510',
    frailty_device: '2.16.840.1.113883.3.464.1003.118.12.1300',
    frailty_diagnosis: '2.16.840.1.113883.3.464.1003.113.12.1074',
    frailty_encounter: '2.16.840.1.113883.3.464.1003.101.12.1088',
    frailty_symptom: '2.16.840.1.113883.3.464.1003.113.12.1075',
  },
  codes: {
    medical_equipment_used: { system: 'LOINC', code: '98181-1', display: 'Medical equipment used' },
  },
};

const nursingHome: LibraryDefinition = {
  id: 'nursing_home',
  cql: 'AdvancedIllnessandFrailty 1.23.000 ("Is Age 66 or Older Living Long Term in a Nursing Home", without the age test; rows flag 1.16.000)',
  table: 'm_nursing_home',
  sql: 'measures/shared/nursing_home',
  valueSets: {},
  codes: {
    housing_status: { system: 'LOINC', code: '71802-3', display: 'Housing status' },
  },
};

const adultOutpatientEncounters: LibraryDefinition = {
  id: 'adult_outpatient_encounters',
  cql: 'AdultOutpatientEncounters 4.19.000 ("Qualifying Encounters")',
  table: 'm_adult_outpatient_encounters',
  sql: 'measures/shared/adult_outpatient_encounters',
  valueSets: {
    annual_wellness_visit: '2.16.840.1.113883.3.526.3.1240',
    home_healthcare_services: '2.16.840.1.113883.3.464.1003.101.12.1016',
    office_visit: '2.16.840.1.113883.3.464.1003.101.12.1001',
    virtual_encounter: '2.16.840.1.113883.3.464.1003.101.12.1089',
    preventive_care_services_established_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1025',
    preventive_care_services_initial_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1023',
    telephone_visits: '2.16.840.1.113883.3.464.1003.101.12.1080',
  },
  codes: {},
};

export const LIBRARIES: Record<LibraryId, LibraryDefinition> = {
  hospice,
  palliative_care: palliativeCare,
  advanced_illness_frailty: advancedIllnessFrailty,
  nursing_home: nursingHome,
  adult_outpatient_encounters: adultOutpatientEncounters,
};
