// Which nodes a service's tasks may run on, as far as the orchestrators care: a task must leave a
// node that was removed, is DOWN or drained, or no longer meets the service's placement
// constraints (a label changed, say); a global service starts tasks only on READY, ACTIVE nodes
// that meet them. The constraint grammar and its evaluation are the scheduler's
// (src/scheduler/constraints.ts), so the two never disagree about a node.
import { type Constraint, describeNodeValue, firstUnmet, parseConstraint } from '../scheduler/constraints.js';
import type { Node, Task } from '../store/types.js';
import { nodeName, nodeProblem, nodeTakesNewTasks } from './tasks.js';

export interface Placement {
  constraints: Constraint[];
  /** Constraints that do not parse (the API refuses them, so only a damaged spec has any): no node meets them. */
  unparsable: string[];
}

/**
 * The constraints of a task spec: the service's current one (where new tasks may start, where a
 * global task may stay) or a task's own (where a replicated task may stay: a spec update that
 * changes the constraints moves tasks through the rolling update, `parallelism` at a time, not
 * all at once).
 */
export function placementOf(spec: Task['spec'] | undefined): Placement {
  const constraints: Constraint[] = [];
  const unparsable: string[] = [];
  for (const text of spec?.placement?.constraints ?? []) {
    const c = parseConstraint(text);
    if (c) constraints.push(c);
    else unparsable.push(text);
  }
  return { constraints, unparsable };
}

/** Why the node does not meet the service's constraints, or null when it does. */
export function constraintProblem(node: Node, placement: Placement): string | null {
  if (placement.unparsable.length > 0) return `constraint "${placement.unparsable[0]}" cannot be parsed`;
  const c = firstUnmet(placement.constraints, node);
  if (!c) return null;
  return `node ${nodeName(node)} does not satisfy constraint ${c.text} (${describeNodeValue(c, node)})`;
}

/**
 * Why a task cannot stay on its node, or null: the node was removed, is DOWN, is drained, or does
 * not meet the placement constraints. A task without a node has no problem.
 */
export function placementProblem(nodeId: string, nodes: ReadonlyMap<string, Node>, placement: Placement): string | null {
  const p = nodeProblem(nodeId, nodes);
  if (p !== null || nodeId === '') return p;
  return constraintProblem(nodes.get(nodeId)!, placement);
}

/** What a node is to a global service. */
export interface NodeEligibility {
  /** Its task may stay there (false: shut it down, with `reason`). */
  keep: boolean;
  /** A new task may start there: READY, ACTIVE, constraints met. */
  start: boolean;
  /** Why not (empty when start is true). */
  reason: string;
}

/**
 * Removed, DOWN, drained or not meeting the constraints: its task goes. UNKNOWN state (not heard
 * from yet, for example after a leader change) or PAUSE: its task stays, no new one starts.
 */
export function globalEligibility(nodeId: string, nodes: ReadonlyMap<string, Node>, placement: Placement): NodeEligibility {
  const problem = placementProblem(nodeId, nodes, placement);
  if (problem !== null) return { keep: false, start: false, reason: problem };
  const node = nodes.get(nodeId)!;
  if (nodeTakesNewTasks(node)) return { keep: true, start: true, reason: '' };
  const why = node.spec?.availability === 'NODE_PAUSE' ? 'is paused' : `is ${(node.status?.state ?? 'NODE_UNKNOWN').replace('NODE_', '').toLowerCase()}`;
  return { keep: true, start: false, reason: `node ${nodeName(node)} ${why}` };
}
