// Expenditure-trend scenario: the settlement if performance-year spending per capita moves by each given rate
// (e.g. −3% … +3%) from the projection, with the benchmark held.
import { settle } from '../settlement/settle.ts';
import type { Settlement, SettlementInputs } from '../settlement/types.ts';

export interface TrendPoint {
  trend: number;
  expenditurePerCapita: number;
  settlement: Settlement;
}

export function expenditureTrend(inputs: SettlementInputs, trends: readonly number[]): TrendPoint[] {
  return trends.map((trend) => {
    const expenditurePerCapita = inputs.expenditurePerCapita * (1 + trend);
    return { trend, expenditurePerCapita, settlement: settle({ ...inputs, expenditurePerCapita }) };
  });
}
