// CMS125: Breast Cancer Screening.
// Logic: sql/measures/cms125/population.sql, after CMS125FHIRBreastCancerScreening 0.4.000.
import type { MeasureDefinition } from '../types.ts';

export const cms125: MeasureDefinition = {
  id: 'cms125',
  cmsId: 'CMS125v14',
  mipsId: '112',
  title: 'Breast Cancer Screening',
  cql: 'CMS125FHIRBreastCancerScreening 0.4.000',
  improvementNotation: 'increase',
  scoring: 'proportion',
  populationGroups: [
    { id: 'Group_1', populations: ['initial-population', 'denominator', 'denominator-exclusion', 'numerator'] },
  ],
  // Stratifier ids as in the published Measure resource.
  stratifications: [
    { id: 'Stratification_1_1', description: 'Age 42-51 at the end of the measurement period' },
    { id: 'Stratification_1_2', description: 'Age 52-74 at the end of the measurement period' },
  ],
  periodYear: 2026,
  period: 'calendar-year',
  libraries: ['hospice', 'palliative_care', 'advanced_illness_frailty', 'nursing_home', 'adult_outpatient_encounters'],
  valueSets: {
    bilateral_mastectomy: '2.16.840.1.113883.3.464.1003.198.12.1005',
    history_of_bilateral_mastectomy: '2.16.840.1.113883.3.464.1003.198.12.1068',
    mammography: '2.16.840.1.113883.3.464.1003.108.12.1018',
    status_post_left_mastectomy: '2.16.840.1.113883.3.464.1003.198.12.1069',
    status_post_right_mastectomy: '2.16.840.1.113883.3.464.1003.198.12.1070',
    unilateral_mastectomy_left: '2.16.840.1.113883.3.464.1003.198.12.1133',
    unilateral_mastectomy_right: '2.16.840.1.113883.3.464.1003.198.12.1134',
    unilateral_mastectomy_unspecified_laterality: '2.16.840.1.113883.3.464.1003.198.12.1071',
  },
  codes: {},
};
