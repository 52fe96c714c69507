import type { FieldError } from './app-error.js';

/** Deeper JSON is refused before it is parsed: nothing legitimate nests like that, and walkers recurse. */
export const MAX_JSON_DEPTH = 32;

/** True when the JSON text nests objects and arrays deeper than `max`. One pass, stops at the first excess. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) {
        i++;
      } else if (char === 0x22 /* " */) {
        inString = false;
      }
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      if (++depth > max) {
        return true;
      }
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The first query-string key (or bracketed part of one) that names an object's prototype machinery. */
export function forbiddenQueryKey(url: string): string | null {
  const start = url.indexOf('?');
  if (start < 0) {
    return null;
  }
  for (const key of new URLSearchParams(url.slice(start + 1)).keys()) {
    if (key.split(/[[\].]/).some((part) => FORBIDDEN_KEYS.has(part))) {
      return key;
    }
  }
  return null;
}

/** Half of a surrogate pair without its other half: JSON can carry one (`"\\ud800"`), UTF-8 cannot. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with one string (a value or a key), if anything. */
function textProblem(text: string): Record<string, string> | null {
  if (text.includes('\u0000')) {
    return { noNul: 'must not contain a NUL character' };
  }
  return LONE_SURROGATE.test(text) ? { wellFormed: 'must be well-formed Unicode text' } : null;
}

/**
 * The first thing in a parsed value (a body, a query, path parameters, a socket payload) that no input may carry:
 * a NUL character or a lone surrogate in a string or key (PostgreSQL cannot store the one, UTF-8 cannot encode
 * the other, and validators and drivers threw on them: 500s), a key naming the prototype machinery, or nesting
 * deeper than `maxDepth` (`root` is then the field). One iterative walk, each node once and never below
 * `maxDepth`, so a hostile payload costs a bounded loop, not a deep recursion.
 */
export function inputViolation(value: unknown, root: string, maxDepth = MAX_JSON_DEPTH): FieldError | null {
  const pending: { value: unknown; key: string; path: string; depth: number }[] = [
    { value, key: '', path: root, depth: 0 },
  ];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { key, path, depth } = next;
    if (FORBIDDEN_KEYS.has(key)) {
      return { field: path, constraints: { forbiddenKey: 'is not allowed' } };
    }
    const problem = textProblem(key) ?? (typeof next.value === 'string' ? textProblem(next.value) : null);
    if (problem) {
      return { field: path, constraints: problem };
    }
    if (typeof next.value === 'object' && next.value !== null) {
      if (depth >= maxDepth) {
        return { field: root, constraints: { maxDepth: `nests deeper than ${maxDepth} levels` } };
      }
      // Reversed onto the stack, so fields are visited (and named) in their written order.
      const entries = Object.entries(next.value as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [childKey, child] = entries[i];
        const childPath = depth === 0 ? childKey : `${path}.${childKey}`;
        pending.push({ value: child, key: childKey, path: childPath, depth: depth + 1 });
      }
    }
  }
  return null;
}
