import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Statement } from '../../src/database/statement.js';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Subplan Name'?: string;
  'Plan Rows': number;
  Plans?: PlanNode[];
  /** Which part of the statement the node belongs to: `main`, `CTE page`, `InitPlan 1 …`. */
  part: string;
}

/** Every node of a plan, depth first, each with the subplan it belongs to. */
function nodes(plan: Omit<PlanNode, 'part'>, part = 'main'): PlanNode[] {
  const here = plan['Subplan Name'] ?? part;
  return [{ ...plan, part: here }, ...(plan.Plans ?? []).flatMap((child) => nodes(child, here))];
}

/** The planner's plan for a statement (EXPLAIN, not run): its nodes, depth first. */
export async function planOf(db: pg.Client, { text, params }: Statement): Promise<PlanNode[]> {
  const { rows } = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `EXPLAIN (FORMAT JSON) ${text}`,
    params,
  );
  return nodes(rows[0]['QUERY PLAN'][0].Plan);
}

/** The same through an app's own DataSource: on the embedded engine, its one connection is the only way in. */
export async function planThrough(dataSource: DataSource, { text, params }: Statement): Promise<PlanNode[]> {
  const rows = await dataSource.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
    `EXPLAIN (FORMAT JSON) ${text}`,
    params,
  );
  return nodes(rows[0]['QUERY PLAN'][0].Plan);
}
