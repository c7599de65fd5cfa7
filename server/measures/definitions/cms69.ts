// CMS69: Preventive Care and Screening: Body Mass Index (BMI) Screening and Follow-Up Plan.
// Logic: sql/measures/cms69/population.sql, after CMS69FHIRPCSBMIScreenAndFollowUp 0.3.000.
import type { MeasureDefinition } from '../types.ts';

export const cms69: MeasureDefinition = {
  id: 'cms69',
  cmsId: 'CMS69v14',
  mipsId: '128',
  title: 'Preventive Care and Screening: Body Mass Index (BMI) Screening and Follow-Up Plan',
  cql: 'CMS69FHIRPCSBMIScreenAndFollowUp 0.3.000',
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
  libraries: ['hospice', 'palliative_care'],
  valueSets: {
    encounter_to_evaluate_bmi: '2.16.840.1.113883.3.600.1.1751',
    follow_up_for_above_normal_bmi: '2.16.840.1.113883.3.600.1.1525',
    follow_up_for_below_normal_bmi: '2.16.840.1.113883.3.600.1.1528',
    medical_reason: '2.16.840.1.113883.3.526.3.1007',
    medications_for_above_normal_bmi: '2.16.840.1.113883.3.526.3.1561',
    medications_for_below_normal_bmi: '2.16.840.1.113883.3.526.3.1562',
    overweight_or_obese: '2.16.840.1.113762.1.4.1047.502',
    patient_declined: '2.16.840.1.113883.3.526.3.1582',
    pregnancy_or_other_related_diagnoses: '2.16.840.1.113883.3.600.1.1623',
    referrals_where_weight_assessment_may_occur: '2.16.840.1.113883.3.600.1.1527',
    underweight: '2.16.840.1.113883.3.526.3.1563',
  },
  codes: {
    bmi: { system: 'LOINC', code: '39156-5', display: 'Body mass index (BMI) [Ratio]' },
    // [USCoreObservationPregnancyStatusProfile]: the profile fixes Observation.code to this code.
    pregnancy_status: { system: 'LOINC', code: '82810-3', display: 'Pregnancy status' },
  },
};
