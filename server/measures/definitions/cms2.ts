// CMS2: Preventive Care and Screening: Screening for Depression and Follow-Up Plan.
// Logic: sql/measures/cms2/population.sql, after CMS2FHIRPCSDepressionScreenAndFollowUp 0.4.001.
import type { MeasureDefinition } from '../types.ts';

export const cms2: MeasureDefinition = {
  id: 'cms2',
  cmsId: 'CMS2v15',
  mipsId: '134',
  title: 'Preventive Care and Screening: Screening for Depression and Follow-Up Plan',
  cql: 'CMS2FHIRPCSDepressionScreenAndFollowUp 0.4.001',
  improvementNotation: 'increase',
  scoring: 'proportion',
  populationGroups: [
    {
      id: 'Group_1',
      populations: ['initial-population', 'denominator', 'denominator-exclusion', 'denominator-exception', 'numerator'],
    },
  ],
  stratifications: [],
  periodYear: 2026,
  period: 'calendar-year',
  libraries: [],
  valueSets: {
    adolescent_depression_medications: '2.16.840.1.113883.3.526.3.1567',
    adult_depression_medications: '2.16.840.1.113883.3.526.3.1566',
    bipolar_disorder: '2.16.840.1.113883.3.67.1.101.1.128',
    encounter_to_screen_for_depression: '2.16.840.1.113883.3.600.1916',
    follow_up_for_adolescent_depression: '2.16.840.1.113883.3.526.3.1569',
    follow_up_for_adult_depression: '2.16.840.1.113883.3.526.3.1568',
    medical_reason: '2.16.840.1.113883.3.526.3.1007',
    physical_therapy_evaluation: '2.16.840.1.113883.3.526.3.1022',
    referral_for_adolescent_depression: '2.16.840.1.113883.3.526.3.1570',
    referral_for_adult_depression: '2.16.840.1.113883.3.526.3.1571',
    telephone_visits: '2.16.840.1.113883.3.464.1003.101.12.1080',
  },
  codes: {
    adolescent_depression_screening: {
      system: 'LOINC',
      code: '73831-0',
      display: 'Adolescent depression screening assessment',
    },
    adult_depression_screening: { system: 'LOINC', code: '73832-8', display: 'Adult depression screening assessment' },
  },
};
