// CMS1188: Sexually Transmitted Infection (STI) Testing for People with HIV (2025 performance period).
// Logic: sql/measures/cms1188/population.sql, after HIVSTITestingFHIR 0.2.000 (ecqm-content-qicore-2024).
import type { MeasureDefinition } from '../types.ts';

export const cms1188: MeasureDefinition = {
  id: 'cms1188',
  cmsId: 'CMS1188v2',
  mipsId: '205',
  title: 'Sexually Transmitted Infection (STI) Testing for People with HIV',
  cql: 'HIVSTITestingFHIR 0.2.000',
  improvementNotation: 'increase',
  scoring: 'proportion',
  populationGroups: [{ id: 'Group_1', populations: ['initial-population', 'denominator', 'numerator'] }],
  stratifications: [],
  periodYear: 2025,
  period: 'calendar-year',
  libraries: [],
  valueSets: {
    annual_wellness_visit: '2.16.840.1.113883.3.526.3.1240',
    chlamydia_screening: '2.16.840.1.113883.3.464.1003.110.12.1052',
    face_to_face_interaction: '2.16.840.1.113883.3.464.1003.101.12.1048',
    gonorrhea_screening: '2.16.840.1.113762.1.4.1258.1',
    hiv: '2.16.840.1.113883.3.464.1003.120.12.1003',
    home_healthcare_services: '2.16.840.1.113883.3.464.1003.101.12.1016',
    office_visit: '2.16.840.1.113883.3.464.1003.101.12.1001',
    outpatient_consultation: '2.16.840.1.113883.3.464.1003.101.12.1008',
    preventive_care_services_established_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1025',
    preventive_care_services_initial_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1023',
    preventive_care_services_initial_office_visit_0_to_17: '2.16.840.1.113883.3.464.1003.101.12.1022',
    preventive_care_established_office_visit_0_to_17: '2.16.840.1.113883.3.464.1003.101.12.1024',
    preventive_care_services_other: '2.16.840.1.113883.3.464.1003.101.11.1150',
    syphilis_tests: '2.16.840.1.113762.1.4.1166.117',
    telephone_visits: '2.16.840.1.113883.3.464.1003.101.12.1080',
  },
  codes: {},
};
