// Placement constraints: "node.labels.KEY ==|!= VALUE", "node.role ==|!= manager|worker",
// "node.hostname ==|!= X", "node.id ==|!= X". The API validator (src/api/validate_service.ts,
// CONSTRAINT) accepted the spec with the same grammar; this module parses it into parts and
// evaluates it against a node. Pure: no clock, no state.
import type { Node } from '../store/types.js';

/**
 * The validator's CONSTRAINT grammar with capture groups: 1 the field, 2 the label key (for
 * node.labels.*), 3 the operator, 4 the value. Keep the two in step (a test checks they agree).
 */
export const CONSTRAINT_PATTERN = /^node\.(labels\.([A-Za-z0-9._/-]+)|role|hostname|id)\s*(==|!=)\s*(\S+)$/;

export type ConstraintField = 'label' | 'role' | 'hostname' | 'id';

export interface Constraint {
  /** Normalized as "node.labels.zone == eu" (single spaces), for messages. */
  text: string;
  field: ConstraintField;
  /** The label key when field is 'label'; '' otherwise. */
  key: string;
  op: '==' | '!=';
  value: string;
}

/** Parses one constraint; null if it does not follow the grammar. */
export function parseConstraint(text: string): Constraint | null {
  const m = CONSTRAINT_PATTERN.exec(text);
  if (!m) return null;
  const field: ConstraintField = m[2] !== undefined ? 'label' : (m[1] as 'role' | 'hostname' | 'id');
  const op = m[3] as '==' | '!=';
  const value = m[4];
  return { text: `node.${m[1]} ${op} ${value}`, field, key: m[2] ?? '', op, value };
}

/** 'manager' or 'worker', the names constraints use for NODE_MANAGER / NODE_WORKER. */
export function nodeRole(node: Node): 'manager' | 'worker' {
  return node.spec?.role === 'NODE_MANAGER' ? 'manager' : 'worker';
}

/** The node's value for the constraint's field; undefined for a label the node does not have. */
export function nodeValue(c: Constraint, node: Node): string | undefined {
  switch (c.field) {
    case 'label': {
      const labels = node.spec?.labels ?? {};
      return Object.hasOwn(labels, c.key) ? labels[c.key] : undefined;
    }
    case 'role':
      return nodeRole(node);
    case 'hostname':
      return node.hostname;
    case 'id':
      return node.id;
  }
}

/**
 * Whether the node meets the constraint. Values compare exactly, except roles, which compare
 * case-insensitively (they are names we define, not user data). A node lacking the label never
 * equals any value, so "!=" holds on it (as in Swarm).
 */
export function meets(c: Constraint, node: Node): boolean {
  const v = nodeValue(c, node);
  const equal = v !== undefined && (c.field === 'role' ? v === c.value.toLowerCase() : v === c.value);
  return c.op === '==' ? equal : !equal;
}

/** The first constraint the node does not meet, in spec order; null if it meets them all. */
export function firstUnmet(constraints: readonly Constraint[], node: Node): Constraint | null {
  for (const c of constraints) if (!meets(c, node)) return c;
  return null;
}

/** What the constraint sees on the node, for messages: "zone=us", "zone unset", "role=worker". */
export function describeNodeValue(c: Constraint, node: Node): string {
  const v = nodeValue(c, node);
  const name = c.field === 'label' ? c.key : c.field;
  return v === undefined ? `${name} unset` : `${name}=${v}`;
}
