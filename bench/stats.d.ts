/** Types of bench/stats.js (the benchmark runs as plain Node, without a build step). */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}
export interface Goal {
  op: '>=' | '<=' | '<';
  value: number;
}
export function median(values: number[]): number;
export function summarize(values: number[]): Summary;
export function pairedRatios(a: number[], b: number[]): number[];
export function formatRange(s: Summary | undefined, unit?: string): string;
export function meetsGoal(s: Summary | undefined, goal: Goal | undefined): boolean | undefined;
export function quantile(values: number[], q: number): number;
export function num(v: number): string;
