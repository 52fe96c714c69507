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
