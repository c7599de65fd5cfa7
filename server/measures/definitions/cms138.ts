// CMS138: Preventive Care and Screening: Tobacco Use: Screening and Cessation Intervention (2025
// performance period). Three population groups, in the order of the published Measure (MADiE group ids
// 64e649752ad653247b573add, ...ade, ...adf; the test MeasureReports name none, so they are matched by position):
//   Group_1: screened for tobacco use; Group_2: tobacco users who received a cessation intervention;
//   Group_3: screened and, if a tobacco user, received a cessation intervention.
// Logic: sql/measures/cms138/population.sql, after PreventiveCareAndTobaccoUseScreeningAndCessationInterventionFHIR
// 0.0.001 (ecqm-content-qicore-2024; this version has no denominator exceptions) with Hospice 6.12.000.
import type { MeasureDefinition, PopulationCode } from '../types.ts';

const POPULATIONS: PopulationCode[] = ['initial-population', 'denominator', 'denominator-exclusion', 'numerator'];

export const cms138: MeasureDefinition = {
  id: 'cms138',
  cmsId: 'CMS138v13',
  mipsId: '226',
  title: 'Preventive Care and Screening: Tobacco Use: Screening and Cessation Intervention',
  cql: 'PreventiveCareAndTobaccoUseScreeningAndCessationInterventionFHIR 0.0.001',
  improvementNotation: 'increase',
  scoring: 'proportion',
  populationGroups: [
    { id: 'Group_1', populations: POPULATIONS },
    { id: 'Group_2', populations: POPULATIONS },
    { id: 'Group_3', populations: POPULATIONS },
  ],
  stratifications: [],
  periodYear: 2025,
  period: 'calendar-year',
  libraries: ['hospice'],
  valueSets: {
    annual_wellness_visit: '2.16.840.1.113883.3.526.3.1240',
    home_healthcare_services: '2.16.840.1.113883.3.464.1003.101.12.1016',
    nutrition_services: '2.16.840.1.113883.3.464.1003.1006',
    occupational_therapy_evaluation: '2.16.840.1.113883.3.526.3.1011',
    office_visit: '2.16.840.1.113883.3.464.1003.101.12.1001',
    ophthalmological_services: '2.16.840.1.113883.3.526.3.1285',
    physical_therapy_evaluation: '2.16.840.1.113883.3.526.3.1022',
    preventive_care_services_established_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1025',
    preventive_care_services_group_counseling: '2.16.840.1.113883.3.464.1003.101.12.1027',
    preventive_care_services_individual_counseling: '2.16.840.1.113883.3.464.1003.101.12.1026',
    preventive_care_services_initial_office_visit_18_and_up: '2.16.840.1.113883.3.464.1003.101.12.1023',
    preventive_care_services_initial_office_visit_0_to_17: '2.16.840.1.113883.3.464.1003.101.12.1022',
    preventive_care_established_office_visit_0_to_17: '2.16.840.1.113883.3.464.1003.101.12.1024',
    psych_visit_diagnostic_evaluation: '2.16.840.1.113883.3.526.3.1492',
    psych_visit_psychotherapy: '2.16.840.1.113883.3.526.3.1496',
    psychoanalysis: '2.16.840.1.113883.3.526.3.1141',
    speech_and_hearing_evaluation: '2.16.840.1.113883.3.526.3.1530',
    telephone_visits: '2.16.840.1.113883.3.464.1003.101.12.1080',
    tobacco_non_user: '2.16.840.1.113883.3.526.3.1189',
    tobacco_use_cessation_counseling: '2.16.840.1.113883.3.526.3.509',
    tobacco_use_cessation_pharmacotherapy: '2.16.840.1.113883.3.526.3.1190',
    tobacco_use_screening: '2.16.840.1.113883.3.526.3.1278',
    tobacco_user: '2.16.840.1.113883.3.526.3.1170',
    virtual_encounter: '2.16.840.1.113883.3.464.1003.101.12.1089',
  },
  codes: {
    health_behavior_assessment: {
      system: 'CPT',
      code: '96156',
      display:
        'Health behavior assessment, or re-assessment (ie, health-focused clinical interview, behavioral observations, clinical decision making)',
    },
    health_behavior_intervention_individual: {
      system: 'CPT',
      code: '96158',
      display: 'Health behavior intervention, individual, face-to-face; initial 30 minutes',
    },
    postoperative_follow_up_visit: {
      system: 'CPT',
      code: '99024',
      display:
        'Postoperative follow-up visit, normally included in the surgical package, to indicate that an evaluation and management service was performed during a postoperative period for a reason(s) related to the original procedure',
    },
    tobacco_abuse_counseling: { system: 'ICD10CM', code: 'Z71.6', display: 'Tobacco abuse counseling' },
    unlisted_preventive_medicine_service: { system: 'CPT', code: '99429', display: 'Unlisted preventive medicine service' },
  },
};
