// Types of scripts/architecture.mjs for test/architecture.test.ts (the checker stays plain Node).
export type Rule = 'cycle' | 'deep-import' | 'forbidden-arrow' | 'foreign-table';
export const RULES: Rule[];
export interface Violation { rule: Rule; from: string; to: string; line: number; why: string; key: string }
export interface Edge { from: string; to: string; file: string; target: string; line: number }
export interface Analysis { violations: Violation[]; edges: Edge[]; cycles: string[][]; owners: Map<string, string>; files: string[] }
export interface Check extends Analysis {
  baselineFile: string;
  fresh: Violation[];
  gone: string[];
  counts: Record<Rule, { found: number; keys: number; fresh: number }>;
  ok: boolean;
}
export function analyse(root: string): Analysis;
export function checkArchitecture(root: string, options?: { baselineFile?: string }): Check;
export function readBaseline(file: string): string[];
export function writeBaseline(file: string, violations: Violation[]): string[];
export function mermaidGraph(result: Analysis): string;
