// What a payer scorecard shows, shared by the XLSX and PDF layouts: the header lines, one row per measure
// group with its published numbers as text, and the footnotes (suppression, trend scope).
import type { MeasureRate, Scorecard } from './scorecard.ts';
import { SMALL_CELL_MAX } from './suppression.ts';

export const SUPPRESSED = '*';

export const formatCount = (n: number | null) => (n === null ? SUPPRESSED : n.toLocaleString('en-US'));
export const formatRate = (rate: number | null) => (rate === null ? '–' : `${rate.toFixed(1)}%`);

export const measureLabel = (r: MeasureRate) =>
  `${r.measure.title}${r.measure.populationGroups.length > 1 ? ` (${r.groupId})` : ''}`;

export function headerLines(scorecard: Scorecard): string[] {
  const { entity, run, payer } = scorecard.selection;
  const who = entity.type === 'network' ? 'Network' : entity.type === 'practice' ? `Practice ${entity.name}${entity.tin ? ` (TIN ${entity.tin})` : ''}` : `Provider ${entity.name}${entity.npi ? ` (NPI ${entity.npi})` : ''}`;
  return [
    who,
    `Measurement period ${run.period_start} to ${run.period_end}, data as of ${run.as_of} (run ${run.run_id}, attribution by ${run.attribution_method})`,
    `Payer: ${payer === '*' ? 'all payers' : payer}`,
    `Generated ${scorecard.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ];
}

export function footnotes(scorecard: Scorecard): string[] {
  const notes = [
    'Rate = numerator / (denominator - exclusions - exceptions). Inverse measures (lower is better) are marked "inverse".',
    'Benchmark decile: placement on the CMS MIPS eCQM benchmark of the performance year (10 = best).',
  ];
  if (scorecard.selection.suppress) notes.push(`${SUPPRESSED} = withheld: counts from 1 to ${SMALL_CELL_MAX} are suppressed, and rates that would reveal them.`);
  if (scorecard.selection.entity.type === 'provider' && scorecard.selection.payer !== '*') notes.push('The monthly trend of a provider is kept for all payers only.');
  return notes;
}
