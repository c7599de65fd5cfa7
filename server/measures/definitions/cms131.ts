// CMS131: Diabetes: Eye Exam (2025 performance period).
// Logic: sql/measures/cms131/population.sql, after DiabetesEyeExamFHIR 0.0.002 (ecqm-content-qicore-2024),
// with its shared libraries Hospice 6.12.000, PalliativeCare 1.11.000 and AdvancedIllnessandFrailty
// 1.16.000 (which, unlike 1.23.000, does not count a frailty device order marked doNotPerform).
import type { MeasureDefinition } from '../types.ts';

export const cms131: MeasureDefinition = {
  id: 'cms131',
  cmsId: 'CMS131v13',
  mipsId: '117',
  title: 'Diabetes: Eye Exam',
  cql: 'DiabetesEyeExamFHIR 0.0.002',
  improvementNotation: 'increase',
  scoring: 'proportion',
  populationGroups: [
    { id: 'Group_1', populations: ['initial-population', 'denominator', 'denominator-exclusion', 'numerator'] },
  ],
  stratifications: [],
  periodYear: 2025,
  period: 'calendar-year',
  libraries: ['hospice', 'palliative_care', 'advanced_illness_frailty', 'nursing_home'],
  valueSets: {
    annual_wellness_visit: '2.16.840.1.113883.3.526.3.1240',
    diabetes: '2.16.840.1.113883.3.464.1003.103.12.1001',
    diabetic_retinopathy: '2.16.840.1.113883.3.526.3.327',
    home_healthcare_services: '2.16.840.1.113883.3.464.1003.101.12.1016',
    office_visit: '2.16.840.1.113883.3.464.1003.101.12.1001',
    ophthalmological_services: '2.16.840.1.113883.3.526.3.1285',
    preventive_care_services_established_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1025',
    preventive_care_services_initial_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1023',
    retinal_or_dilated_eye_exam: '2.16.840.1.113883.3.464.1003.115.12.1088',
    telephone_visits: '2.16.840.1.113883.3.464.1003.101.12.1080',
  },
  codes: {},
};
