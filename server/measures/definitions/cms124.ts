// CMS124: Cervical Cancer Screening.
// Logic: sql/measures/cms124/population.sql, after CMS124FHIRCervicalCancerScreening 0.4.000.
import type { MeasureDefinition } from '../types.ts';

export const cms124: MeasureDefinition = {
  id: 'cms124',
  cmsId: 'CMS124v14',
  mipsId: '309',
  title: 'Cervical Cancer Screening',
  cql: 'CMS124FHIRCervicalCancerScreening 0.4.000',
  improvementNotation: 'increase',
  scoring: 'proportion',
  populationGroups: [
    { id: 'Group_1', populations: ['initial-population', 'denominator', 'denominator-exclusion', 'numerator'] },
  ],
  stratifications: [],
  periodYear: 2026,
  period: 'calendar-year',
  // The measure has its own "Qualifying Encounters" (no annual wellness visit), so not the shared library.
  libraries: ['hospice', 'palliative_care'],
  valueSets: {
    congenital_or_acquired_absence_of_cervix: '2.16.840.1.113883.3.464.1003.111.12.1016',
    home_healthcare_services: '2.16.840.1.113883.3.464.1003.101.12.1016',
    hpv_test: '2.16.840.1.113883.3.464.1003.110.12.1059',
    hysterectomy_with_no_residual_cervix: '2.16.840.1.113883.3.464.1003.198.12.1014',
    office_visit: '2.16.840.1.113883.3.464.1003.101.12.1001',
    pap_test: '2.16.840.1.113883.3.464.1003.108.12.1017',
    preventive_care_services_established_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1025',
    preventive_care_services_initial_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1023',
    telephone_visits: '2.16.840.1.113883.3.464.1003.101.12.1080',
    virtual_encounter: '2.16.840.1.113883.3.464.1003.101.12.1089',
  },
  codes: {},
};
