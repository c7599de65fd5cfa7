// CMS165: Controlling High Blood Pressure.
// Logic: sql/measures/cms165/population.sql, after CMS165FHIRControllingHighBloodPressure 0.5.000.
import type { MeasureDefinition } from '../types.ts';

export const cms165: MeasureDefinition = {
  id: 'cms165',
  cmsId: 'CMS165v14',
  mipsId: '236',
  title: 'Controlling High Blood Pressure',
  cql: 'CMS165FHIRControllingHighBloodPressure 0.5.000',
  improvementNotation: 'increase',
  scoring: 'proportion',
  populationGroups: [
    { id: 'Group_1', populations: ['initial-population', 'denominator', 'denominator-exclusion', 'numerator'] },
  ],
  stratifications: [],
  periodYear: 2026,
  period: 'calendar-year',
  libraries: ['hospice', 'palliative_care', 'advanced_illness_frailty', 'nursing_home', 'adult_outpatient_encounters'],
  valueSets: {
    chronic_kidney_disease_stage_5: '2.16.840.1.113883.3.526.3.1002',
    dialysis_services: '2.16.840.1.113883.3.464.1003.109.12.1013',
    // The disqualifying encounters of "Qualifying Systolic/Diastolic Blood Pressure Reading" (0.5.000).
    emergency_department_evaluation_and_management_visit: '2.16.840.1.113883.3.464.1003.101.12.1010',
    encounter_inpatient: '2.16.840.1.113883.3.666.5.307',
    end_stage_renal_disease: '2.16.840.1.113883.3.526.3.353',
    esrd_monthly_outpatient_services: '2.16.840.1.113883.3.464.1003.109.12.1014',
    essential_hypertension: '2.16.840.1.113883.3.464.1003.104.12.1011',
    kidney_transplant: '2.16.840.1.113883.3.464.1003.109.12.1012',
    kidney_transplant_recipient: '2.16.840.1.113883.3.464.1003.109.12.1029',
    pregnancy: '2.16.840.1.113883.3.526.3.378',
  },
  codes: {
    // [USCoreBloodPressureProfile]: the profile fixes Observation.code to this panel code. Observations
    // with a systolic or diastolic component under another code are taken as readings too
    // (sql/measures/shared/blood_pressure_readings.sql).
    blood_pressure: { system: 'LOINC', code: '85354-9', display: 'Blood pressure panel with all children optional' },
  },
};
