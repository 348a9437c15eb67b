import type { HistoryEvent } from '@chuangwen/contracts';
import type { HistoryFields } from '../port';

const TYPE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Types and keys are plain names (they go into JSON paths and SQL); versions whole numbers. */
export function assertHistoryFields(fields: HistoryFields): void {
  for (const [type, { version, keys }] of Object.entries(fields)) {
    if (!TYPE.test(type)) throw new Error(`history fields: event type ${JSON.stringify(type)} is not a plain name`);
    if (version !== undefined && !(Number.isInteger(version) && version > 0))
      throw new Error(`history fields: ${type} has version ${version}`);
    for (const k of keys)
      if (!KEY.test(k)) throw new Error(`history fields: ${type} key ${JSON.stringify(k)} is not a plain name`);
  }
}

/** The event with its data cut down to the keys listed for its type and version (as a store that trims in place would). */
export function trimHistoryEvent(event: HistoryEvent, fields: HistoryFields | undefined): HistoryEvent {
  const wanted = fields?.[event.type];
  if (!wanted || (wanted.version !== undefined && wanted.version !== event.version)) return event;
  const data = event.data as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const k of wanted.keys) kept[k] = data[k] ?? null;
  return { ...event, data: kept } as HistoryEvent;
}
