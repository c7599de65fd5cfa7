// Small-cell suppression for aggregates that leave for a third party: a count from 1 to 10 is never shown
// (CMS Cell Size Suppression Policy; zero is not a small cell). A rate is withheld with any count it could
// give away: with the performance denominator known, the rate reveals the numerator and the rest.
export const SMALL_CELL_MAX = 10;

export const isSmallCell = (count: number) => count >= 1 && count <= SMALL_CELL_MAX;

/** A count as published: null when withheld. */
export const publishedCount = (count: number, suppress: boolean): number | null => (suppress && isSmallCell(count) ? null : count);

/** A rate as published: null when the numerator, its complement or the denominator is a small cell. */
export function publishedRate(rate: number | null, numerator: number, performanceDenominator: number, suppress: boolean): number | null {
  if (!suppress) return rate;
  const cells = [numerator, performanceDenominator - numerator, performanceDenominator];
  return cells.some(isSmallCell) ? null : rate;
}
