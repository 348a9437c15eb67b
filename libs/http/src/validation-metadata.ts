import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** A class, as class-validator keys its rules. */
type Target = abstract new (...args: never[]) => unknown;
type Lookup = (
  target: Target,
  schema: string,
  always: boolean,
  strictGroups: boolean,
  groups?: string[],
) => ValidationMetadata[];

let memoized = false;

/**
 * class-validator looks a DTO's rules up again for every value it validates, walking every class it
 * knows to find the DTO's ancestors (a twentieth of the validation's CPU on the live write path,
 * docs/benchmarks.md). The rules only change when a decorator runs (a class is defined): the
 * answers are kept per class and options, and forgotten whenever a rule is added. The rules stay
 * class-validator's own (and so the OpenAPI document's); only their look-up is remembered.
 */
export function memoizeValidationMetadata(): void {
  if (memoized) return;
  memoized = true;
  const storage = getMetadataStorage() as unknown as {
    getTargetValidationMetadatas: Lookup;
    addValidationMetadata: (m: ValidationMetadata) => void;
    addConstraintMetadata: (m: unknown) => void;
  };
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  let answers = new WeakMap<Target, Map<string, ValidationMetadata[]>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (typeof target !== 'function') return lookup(target, schema, always, strictGroups, groups);
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byOptions = answers.get(target);
    if (!byOptions) answers.set(target, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found)
      byOptions.set(
        key,
        (found = Object.freeze(lookup(target, schema, always, strictGroups, groups)) as ValidationMetadata[]),
      );
    return found;
  };
  for (const add of ['addValidationMetadata', 'addConstraintMetadata'] as const) {
    const original = (storage[add] as (m: unknown) => void).bind(storage);
    storage[add] = (m: unknown) => {
      answers = new WeakMap();
      original(m);
    };
  }
}
