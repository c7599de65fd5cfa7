// CMS122: Diabetes: Glycemic Status Assessment Greater Than 9% (inverse: the numerator is poor control).
// Logic: sql/measures/cms122/population.sql, after CMS122FHIRDiabetesAssessGreaterThan9Percent 0.5.000.
import type { MeasureDefinition } from '../types.ts';

export const cms122: MeasureDefinition = {
  id: 'cms122',
  cmsId: 'CMS122v14',
  mipsId: '001',
  title: 'Diabetes: Glycemic Status Assessment Greater Than 9%',
  cql: 'CMS122FHIRDiabetesAssessGreaterThan9Percent 0.5.000',
  improvementNotation: 'decrease',
  scoring: 'proportion',
  populationGroups: [
    { id: 'Group_1', populations: ['initial-population', 'denominator', 'denominator-exclusion', 'numerator'] },
  ],
  stratifications: [],
  periodYear: 2026,
  period: 'calendar-year',
  libraries: ['hospice', 'palliative_care', 'advanced_illness_frailty', 'nursing_home'],
  valueSets: {
    annual_wellness_visit: '2.16.840.1.113883.3.526.3.1240',
    diabetes: '2.16.840.1.113883.3.464.1003.103.12.1001',
    hba1c_laboratory_test: '2.16.840.1.113883.3.464.1003.198.12.1013',
    home_healthcare_services: '2.16.840.1.113883.3.464.1003.101.12.1016',
    nutrition_services: '2.16.840.1.113883.3.464.1003.1006',
    office_visit: '2.16.840.1.113883.3.464.1003.101.12.1001',
    preventive_care_services_established_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1025',
    preventive_care_services_initial_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1023',
    telephone_visits: '2.16.840.1.113883.3.464.1003.101.12.1080',
  },
  codes: {
    glucose_management_indicator: { system: 'LOINC', code: '97506-0', display: 'Glucose management indicator' },
    mnt_initial_individual: {
      system: 'CPT',
      code: '97802',
      display: 'Medical nutrition therapy; initial assessment and intervention, individual, each 15 minutes',
    },
    mnt_reassessment_individual: {
      system: 'CPT',
      code: '97803',
      display: 'Medical nutrition therapy; re-assessment and intervention, individual, each 15 minutes',
    },
    mnt_group: { system: 'CPT', code: '97804', display: 'Medical nutrition therapy; group, each 30 minutes' },
    mnt_second_referral_individual: {
      system: 'HCPCS',
      code: 'G0270',
      display: 'Medical nutrition therapy; reassessment following second referral in same year, individual, each 15 minutes',
    },
    mnt_second_referral_group: {
      system: 'HCPCS',
      code: 'G0271',
      display: 'Medical nutrition therapy, reassessment following second referral in same year, group, each 30 minutes',
    },
  },
};
