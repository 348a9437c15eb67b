import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { conflict, nameBasedId, notFound } from '@chuangwen/contracts';
import type { Actor, Clock } from '@chuangwen/contracts';
import { CLOCK } from '@chuangwen/contracts';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import type { ReadDoc } from '@chuangwen/read-store';
import { GRID_LINK_OPTIONS, GridLinkOptions } from './options';

export const GRID_ENDPOINTS = 'grid_endpoints';
/** Name under which endpoint registrations are committed (the read store writes in named batches). */
const WRITER = 'grid-link.endpoint-registry';

/** Where rectification CloudEvents go: a URL (or the Kafka topic) and the jurisdiction it hears about. */
export interface GridEndpoint {
  readonly id: string;
  readonly kind: 'http' | 'kafka';
  readonly target: string;
  readonly jurisdiction: string;
  /** `configured` (GRID_CLIENTS) or `registered` (POST /api/integrations/grid/endpoints). */
  readonly origin: 'configured' | 'registered' | 'distributed';
  /** Deliveries are signed with this client's secret (X-Grid-Signature), when set. */
  readonly clientId?: string;
  readonly description?: string;
  readonly registeredBy?: string;
  readonly registeredAt?: string;
}

interface EndpointDoc extends ReadDoc, Omit<GridEndpoint, 'origin'> {}

/**
 * The endpoints: the clients' configured ones, the registered ones (configuration kept in the read
 * store beside the models, not a domain fact: no event), and in distributed mode the outbound topic.
 */
@Injectable()
export class GridEndpoints implements OnModuleInit {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GRID_LINK_OPTIONS) private readonly options: GridLinkOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reads.ensureCollections([{ name: GRID_ENDPOINTS, indexes: [{ fields: { jurisdiction: 1 } }] }]);
  }

  async all(): Promise<GridEndpoint[]> {
    const configured: GridEndpoint[] = this.options.clients.flatMap((c) =>
      (c.endpoints ?? []).map((url) => ({
        id: nameBasedId(`grid-endpoint/${c.keyId}/${url}`),
        kind: 'http' as const,
        target: url,
        jurisdiction: c.jurisdiction,
        origin: 'configured' as const,
        clientId: c.keyId,
      })),
    );
    const registered = (await this.reads.find<EndpointDoc>(GRID_ENDPOINTS, {}, { sort: { registeredAt: 1 } })).map(
      ({ _id, _pos, ...e }) => ({ ...e, origin: 'registered' as const }),
    );
    const kafka: GridEndpoint[] = this.options.kafka
      ? [
          {
            id: 'kafka',
            kind: 'kafka',
            target: `${this.options.kafka.topicPrefix}grid.outbound`,
            jurisdiction: '000000',
            origin: 'distributed',
          },
        ]
      : [];
    return [...configured, ...registered, ...kafka];
  }

  async register(
    input: { url: string; jurisdiction: string; clientId?: string; description?: string },
    actor: Actor,
  ): Promise<GridEndpoint> {
    const id = nameBasedId(`grid-endpoint/${input.jurisdiction}/${input.url}`);
    if (await this.reads.get(GRID_ENDPOINTS, id))
      throw conflict(`${input.url} is already registered for ${input.jurisdiction} (endpoint ${id})`, { id });
    const doc: EndpointDoc = {
      _id: id,
      _pos: 0,
      id,
      kind: 'http',
      target: input.url,
      jurisdiction: input.jurisdiction,
      ...(input.clientId ? { clientId: input.clientId } : {}),
      ...(input.description ? { description: input.description } : {}),
      registeredBy: actor.id,
      registeredAt: this.clock.now().toISOString(),
    };
    await this.reads.commit(WRITER, [{ collection: GRID_ENDPOINTS, put: doc, derived: true }], 0);
    const { _id, _pos, ...endpoint } = doc;
    return { ...endpoint, origin: 'registered' };
  }

  async remove(id: string, inScope: (e: GridEndpoint) => void): Promise<void> {
    const doc = await this.reads.get<EndpointDoc>(GRID_ENDPOINTS, id);
    if (!doc) throw notFound(`no registered grid endpoint ${id}`);
    inScope({ ...doc, origin: 'registered' });
    await this.reads.commit(WRITER, [{ collection: GRID_ENDPOINTS, delete: id, pos: Number.MAX_SAFE_INTEGER }], 0);
  }
}
