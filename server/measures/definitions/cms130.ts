// CMS130: Colorectal Cancer Screening.
// Logic: sql/measures/cms130/population.sql, after CMS130FHIRColorectalCancerScreening 0.4.000.
import type { MeasureDefinition } from '../types.ts';

export const cms130: MeasureDefinition = {
  id: 'cms130',
  cmsId: 'CMS130v14',
  mipsId: '113',
  title: 'Colorectal Cancer Screening',
  cql: 'CMS130FHIRColorectalCancerScreening 0.4.000',
  improvementNotation: 'increase',
  scoring: 'proportion',
  populationGroups: [
    { id: 'Group_1', populations: ['initial-population', 'denominator', 'denominator-exclusion', 'numerator'] },
  ],
  // Stratifier ids as in the published Measure resource.
  stratifications: [
    { id: 'Stratification_1_1', description: 'Age 46-49 at the end of the measurement period' },
    { id: 'Stratification_1_2', description: 'Age 50-75 at the end of the measurement period' },
  ],
  periodYear: 2026,
  period: 'calendar-year',
  libraries: ['hospice', 'palliative_care', 'advanced_illness_frailty', 'nursing_home', 'adult_outpatient_encounters'],
  valueSets: {
    colonoscopy: '2.16.840.1.113883.3.464.1003.108.12.1020',
    ct_colonography: '2.16.840.1.113883.3.464.1003.108.12.1038',
    fecal_occult_blood_test_fobt: '2.16.840.1.113883.3.464.1003.198.12.1011',
    flexible_sigmoidoscopy: '2.16.840.1.113883.3.464.1003.198.12.1010',
    malignant_neoplasm_of_colon: '2.16.840.1.113883.3.464.1003.108.12.1001',
    sdna_fit_test: '2.16.840.1.113883.3.464.1003.108.12.1039',
    total_colectomy: '2.16.840.1.113883.3.464.1003.198.12.1019',
  },
  codes: {},
};
