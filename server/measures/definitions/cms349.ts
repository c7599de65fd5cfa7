// CMS349: HIV Screening.
// Logic: sql/measures/cms349/population.sql, after CMS349FHIRHIVScreening 0.3.000.
import type { MeasureDefinition } from '../types.ts';

export const cms349: MeasureDefinition = {
  id: 'cms349',
  cmsId: 'CMS349v8',
  mipsId: '475',
  title: 'HIV Screening',
  cql: 'CMS349FHIRHIVScreening 0.3.000',
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
    hiv: '2.16.840.1.113883.3.464.1003.120.12.1003',
    hiv_laboratory_test_codes_ab_and_ag: '2.16.840.1.113762.1.4.1056.50',
    office_visit: '2.16.840.1.113883.3.464.1003.101.12.1001',
    preventive_care_services_established_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1025',
    preventive_care_services_initial_office_visit_0_to_17: '2.16.840.1.113883.3.464.1003.101.12.1022',
    preventive_care_services_initial_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1023',
    preventive_care_established_office_visit_0_to_17: '2.16.840.1.113883.3.464.1003.101.12.1024',
  },
  codes: {
    hiv_1_and_2_tests: { system: 'LOINC', code: '75622-1', display: 'HIV 1 and 2 tests - Meaningful Use set' },
  },
};
