// QPP Submissions API JSON (CMSgov/qpp-submissions-docs): one submission with a quality measurementSet of
// eCQMs, each measurement a singlePerformanceRate value. Mapping of the eCQM populations (as the QPP
// conversion tool maps QRDA III): performanceMet = NUMER, eligiblePopulation = DENOM,
// eligiblePopulationExclusion = DENEX, eligiblePopulationException = DENEXCEP, and
// performanceNotMet = DENOM - DENEX - DENEXCEP - NUMER. For an inverse measure (001) a "met" performance
// is still its numerator (poor control); CMS inverts the rate itself (measures-data isInverse).
import { HttpError } from '../errors.ts';
import type { Scorecard } from './scorecard.ts';
import { cmsProgram } from './selection.ts';

export interface QppMeasurement {
  measureId: string;
  value: {
    isEndToEndReported: boolean;
    performanceMet: number;
    performanceNotMet: number;
    eligiblePopulation: number;
    eligiblePopulationExclusion: number;
    eligiblePopulationException: number;
  };
}

export interface QppSubmission {
  entityType: 'apm' | 'group' | 'individual';
  entityId?: string;
  taxpayerIdentificationNumber?: string;
  nationalProviderIdentifier?: string;
  performanceYear: number;
  measurementSets: {
    category: 'quality';
    submissionMethod: 'electronicHealthRecord';
    programName: 'appPlus' | 'mips';
    performanceStart: string;
    performanceEnd: string;
    measurements: QppMeasurement[];
  }[];
}

const exact = (n: number | null): number => {
  if (n === null) throw new Error('QPP submissions need exact counts');
  return n;
};

export function qppSubmission(scorecard: Scorecard): QppSubmission {
  const { entity, run, apmEntity } = scorecard.selection;
  // Submission entity (qpp-submissions-docs, submissions fields): "apm" with the APM Entity ID, "group" with
  // its TIN, "individual" with the clinician's TIN and NPI.
  const identity =
    entity.type === 'network'
      ? { entityType: 'apm' as const, entityId: apmEntity ?? undefined }
      : entity.type === 'practice'
        ? { entityType: 'group' as const, taxpayerIdentificationNumber: entity.tin ?? undefined }
        : { entityType: 'individual' as const, taxpayerIdentificationNumber: entity.tin ?? undefined, nationalProviderIdentifier: entity.npi ?? undefined };
  if (entity.type === 'network' && !identity.entityId) throw new HttpError(400, 'InvalidInput', 'A network (APM entity) submission needs apm_entity, the APM Entity ID');
  if (entity.type !== 'network' && !identity.taxpayerIdentificationNumber) throw new HttpError(400, 'InvalidInput', `${entity.name} has no TIN on file`);
  if (entity.type === 'provider' && !entity.npi) throw new HttpError(400, 'InvalidInput', `${entity.name} has no NPI on file`);

  const measurements = scorecard.measures
    .filter((m) => m.measure.mipsId !== null)
    .map((m): QppMeasurement => {
      const c = m.counts;
      const met = exact(c.numerator);
      return {
        measureId: m.measure.mipsId!,
        value: {
          isEndToEndReported: true,
          performanceMet: met,
          performanceNotMet: exact(c.performance_denominator) - met,
          eligiblePopulation: exact(c.denominator),
          eligiblePopulationExclusion: exact(c.denominator_exclusion),
          eligiblePopulationException: exact(c.denominator_exception),
        },
      };
    });
  return {
    ...identity,
    performanceYear: Number(run.period_start.slice(0, 4)),
    measurementSets: [
      { category: 'quality', submissionMethod: 'electronicHealthRecord', programName: cmsProgram(scorecard.selection), performanceStart: run.period_start, performanceEnd: run.period_end, measurements },
    ],
  };
}
