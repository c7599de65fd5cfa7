// Rates as the settlement's reasons print them.
export const percent = (rate: number, digits = 2): string => `${(rate * 100).toFixed(digits)}%`;
