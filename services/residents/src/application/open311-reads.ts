import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, isWithin, JURISDICTION_LOOKUP } from '@chuangwen/contracts';
import type { Clock, JurisdictionLookup } from '@chuangwen/contracts';
import { JurisdictionRegistry } from '@chuangwen/jurisdictions';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { open311Request } from '../domain/open311';
import type { Open311Request } from '../domain/open311';
import type { ReportDoc } from './reports.projection';
import { ResidentReports } from './resident-reports';

/** The spec's defaults for GET requests without dates: the last 90 days, at most 1,000 records. */
export const DEFAULT_DAYS = 90;
export const MAX_RECORDS = 1000;

/** A photo kept in the evidence store is served by the platform; a client's URL is given back as it came. */
export const publicMediaUrl = (m: string): string =>
  m.startsWith('sha256:') ? `/api/residents/public/photos/${m.slice('sha256:'.length)}` : m;

@Injectable()
export class Open311Reads {
  private readonly registry: JurisdictionRegistry;

  constructor(
    private readonly reports: ResidentReports,
    @Inject(READ_STORE) store: ReadStore,
    @Inject(JURISDICTION_LOOKUP) private readonly lookup: JurisdictionLookup,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.registry = new JurisdictionRegistry(store);
  }

  async knows(code: string): Promise<boolean> {
    return !!(await this.lookup.find(code));
  }

  async communities(scope: string): Promise<{ code: string; name: string }[]> {
    if (scope.length === 12) {
      const node = await this.lookup.find(scope);
      return node ? [{ code: node.code, name: node.name }] : [];
    }
    return (await this.registry.descendantsAtLevel(scope, 'community', { limit: 5000 })).map((n) => ({
      code: n.code,
      name: n.name,
    }));
  }

  /** One request; a duplicate reads as the original it joined (the same problem, the same id). */
  async request(id: string, scope: string): Promise<Open311Request | undefined> {
    const view = await this.reports.view(id);
    if (!view || !isWithin(view.communityCode, scope)) return undefined;
    return this.format(await this.reports.followed(view), new Map());
  }

  async requests(
    scope: string,
    q: { service_request_id?: string; service_code?: string; start_date?: string; end_date?: string; status?: string },
  ): Promise<Open311Request[]> {
    const names = new Map<string, string>();
    if (q.service_request_id) {
      const out = new Map<string, Open311Request>();
      for (const id of q.service_request_id.split(',')) {
        const found = await this.request(id, scope);
        if (found) out.set(found.service_request_id, found);
      }
      return [...out.values()];
    }
    const codes = q.service_code ? new Set(q.service_code.split(',')) : undefined;
    const statuses = q.status ? new Set(q.status.split(',')) : undefined;
    const from = q.start_date
      ? Date.parse(q.start_date)
      : q.end_date
        ? Date.parse(q.end_date) - DEFAULT_DAYS * 86_400_000
        : this.clock.now().getTime() - DEFAULT_DAYS * 86_400_000;
    const to = q.end_date ? Date.parse(q.end_date) : Infinity;
    const docs = (await this.reports.list(scope))
      .filter((d) => !d.duplicateOf && (!codes || codes.has(d.category)))
      .filter((d) => {
        const t = Date.parse(d.submittedAt);
        return t >= from && t <= to;
      });
    const out: Open311Request[] = [];
    for (const d of docs) {
      const r = await this.format(d, names);
      if (statuses && !statuses.has(r.status)) continue;
      out.push(r);
      if (out.length >= MAX_RECORDS) break;
    }
    return out;
  }

  /** Who handles it: the street office until it is accepted, the community committee that rectifies after. */
  private async format(view: ReportDoc, names: Map<string, string>): Promise<Open311Request> {
    const code = view.status === 'accepted' ? view.communityCode : view.streetCode;
    let agency = names.get(code);
    if (agency === undefined) names.set(code, (agency = (await this.lookup.find(code))?.name ?? ''));
    return open311Request(view, agency, publicMediaUrl);
  }
}
