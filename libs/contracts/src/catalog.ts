import type { RecordedEvent } from './envelope';

/** Lifts `data` of version `from` to version `from + 1`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each upcaster types the old shape it reads; unknown would refuse them all
export type Upcaster = (data: any) => unknown;

export interface EventTypeSpec {
  readonly type: string;
  /** Bounded context that owns (appends) the event; also its integration topic's name. */
  readonly context:
    'activities' | 'inspections' | 'volunteers' | 'awards' | 'standards' | 'jurisdictions' | 'residents';
  readonly currentVersion: number;
  readonly description: string;
  /** upcasters[v] turns version v into v + 1. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

/**
 * Every event type the platform appends. Adding a version: raise `currentVersion`, add the upcaster
 * from the previous one, document both in docs/events.md. Consumers always see the current version.
 */
export class EventCatalog {
  private readonly byType = new Map<string, EventTypeSpec>();

  constructor(specs: readonly EventTypeSpec[] = []) {
    specs.forEach((s) => this.register(s));
  }

  register(spec: EventTypeSpec): this {
    if (this.byType.has(spec.type)) throw new Error(`event type ${spec.type} registered twice`);
    for (let v = 1; v < spec.currentVersion; v++) {
      if (!spec.upcasters?.[v]) throw new Error(`${spec.type}: no upcaster from v${v} to v${v + 1}`);
    }
    this.byType.set(spec.type, spec);
    return this;
  }

  get(type: string): EventTypeSpec | undefined {
    return this.byType.get(type);
  }

  all(): EventTypeSpec[] {
    return [...this.byType.values()];
  }

  currentVersion(type: string): number {
    const spec = this.byType.get(type);
    if (!spec) throw new Error(`unknown event type ${type}`);
    return spec.currentVersion;
  }

  /** Brings a stored event to its type's current version; unknown types pass through untouched. */
  upcast<E extends Pick<RecordedEvent, 'type' | 'version' | 'data'>>(event: E): E {
    const spec = this.byType.get(event.type);
    if (!spec || event.version >= spec.currentVersion) return event;
    let data: unknown = event.data;
    for (let v = event.version; v < spec.currentVersion; v++) data = spec.upcasters![v](data);
    return { ...event, data, version: spec.currentVersion };
  }
}
