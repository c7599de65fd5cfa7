// Dollar amounts and rates as the planner shows them.
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 2940000 → "$2,940,000"; negative amounts keep their sign: "-$1,800,000" */
export const formatDollars = (n: number): string => dollars.format(n);
/** 2940000 → "$2.9M" (axis ticks) */
export const formatCompactDollars = (n: number): string => compact.format(n);
/** 1684 → "$1,684.00" (capitation statements settle to the cent) */
export const formatCents = (n: number): string => cents.format(n);
/** A fraction as a percent: 0.0833 → "8.33%" */
export const formatRate = (fraction: number | null, digits = 2): string => (fraction === null ? '–' : `${(fraction * 100).toFixed(digits)}%`);
