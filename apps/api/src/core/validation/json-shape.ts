import type { FieldError } from '@pneumatic/contracts';

/** Far deeper than any request needs (a `sync` payload is three levels), far shallower than the validators' recursion can bear. */
export const JSON_DEPTH_MAX = 16;

/**
 * Keys that would reach a prototype if copied onto an object, or that name an inherited method (`toString`,
 * `hasOwnProperty`, …: class-transformer skips those silently, so the whitelist never sees them). Never fields of ours.
 */
const isPrototypeKey = (key: string): boolean => key === 'prototype' || key in Object.prototype;

/**
 * Why a parsed JSON value must be refused before it reaches the validators, or null: nested deeper than
 * JSON_DEPTH_MAX (class-transformer and the validation pipe recurse, and 5000 levels of `[` overflow the
 * stack: a 500), or holding a prototype key (dropped silently by the pipe instead of refused as unknown).
 * Walks without recursion, so no input can overflow this check itself.
 */
export function jsonShapeError(value: unknown): FieldError | null {
  const pending: { value: unknown; depth: number; path: string }[] = [{ value, depth: 1, path: '' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth > JSON_DEPTH_MAX) return { field: next.path || 'body', message: `is nested more than ${JSON_DEPTH_MAX} levels deep` };
    const isArray = Array.isArray(next.value);
    for (const [key, child] of Object.entries(next.value)) {
      const path = isArray ? `${next.path}[${key}]` : next.path ? `${next.path}.${key}` : key;
      if (!isArray && isPrototypeKey(key)) return { field: path, message: 'is not an allowed field' };
      pending.push({ value: child, depth: next.depth + 1, path });
    }
  }
  return null;
}
