import { platformEventCatalog } from '@chuangwen/contracts';
import { isInstant, isRealDay } from '@chuangwen/http';

/** The event types an export can name (the platform's catalog). */
export const EXPORTABLE_TYPES: readonly string[] = platformEventCatalog()
  .all()
  .map((s) => s.type)
  .sort();

/**
 * What is wrong with an export's options, one line per option, for the command line (the HTTP
 * export checks the same with its DTO): the same rules for days, instants and event types.
 */
export function exportOptionProblems(o: {
  types?: readonly string[];
  from?: string;
  to?: string;
  asOf?: string;
}): string[] {
  const unknown = (o.types ?? []).filter((t) => !EXPORTABLE_TYPES.includes(t));
  const bound = (name: string, v?: string) =>
    v !== undefined && !isRealDay(v) && !isInstant(v)
      ? [`--${name} must be a real calendar day YYYY-MM-DD or a date-time with an offset`]
      : [];
  return [
    ...(unknown.length
      ? [`--types: unknown event type ${unknown.join(', ')}; known: ${EXPORTABLE_TYPES.join(', ')}`]
      : []),
    ...bound('from', o.from),
    ...bound('to', o.to),
    ...(o.asOf !== undefined && !isRealDay(o.asOf) ? ['--asOf must be a real calendar day YYYY-MM-DD'] : []),
  ];
}
