import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, codePrefix, codeRange, levelOf } from '@chuangwen/contracts';
import type { Clock } from '@chuangwen/contracts';
import { Filter, READ_STORE, ReadStore } from '@chuangwen/read-store';
import { toDay } from '@chuangwen/scoring-engine';
import { VOLUNTEER_FIGURES, VolunteerFiguresDoc } from './volunteer-figures.projection';
import { VOLUNTEERS, VolunteerView } from './volunteer-list.projection';

/** Reads over the volunteer register and figures. */
@Injectable()
export class VolunteerQueries {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(communityCode: string, limit = 100, offset = 0) {
    const filter = { communityCode };
    const [total, docs] = await Promise.all([
      this.store.count(VOLUNTEERS, filter),
      this.store.find<VolunteerView>(VOLUNTEERS, filter, { sort: { name: 1 }, limit, skip: offset }),
    ]);
    return { total, items: docs.map(strip) };
  }

  async one(volunteerId: string) {
    const doc = await this.store.get<VolunteerView>(VOLUNTEERS, volunteerId);
    return doc ? strip(doc) : undefined;
  }

  /** A service certificate's content (志愿服务记录与证明出具办法, 2021): who, what, when, how long, confirmed by whom. */
  async certificate(volunteerId: string, issuedBy: string) {
    const v = await this.one(volunteerId);
    if (!v) return undefined;
    const dates = v.services.map((s) => s.date).sort();
    return {
      volunteer: {
        volunteerId: v.volunteerId,
        name: v.name,
        idMasked: v.idMasked,
        communityCode: v.communityCode,
        registeredOn: v.registeredOn,
        star: v.star,
      },
      period: dates.length ? { from: dates[0], to: dates[dates.length - 1] } : null,
      totalHours: v.cumulativeHours,
      services: v.services,
      issuedBy,
      issuedOn: toDay(this.clock.now()),
    };
  }

  /**
   * Figures of any node: registered volunteers, residents and the registration rate now; hours and
   * active volunteers (with confirmed service) between `from` and `to` (default: this year so far).
   */
  async figures(code: string, from?: string, to?: string) {
    const today = toDay(this.clock.now());
    const period = { from: from ?? `${today.slice(0, 4)}-01-01`, to: to ?? today };
    const node = await this.store.get<VolunteerFiguresDoc>(VOLUNTEER_FIGURES, code);
    const prefix = codePrefix(code);
    const filter: Filter =
      levelOf(code) === 'community' ? { code } : { level: 'community', ...(prefix ? { code: codeRange(prefix) } : {}) };
    const communities = await this.store.find<VolunteerFiguresDoc>(VOLUNTEER_FIGURES, filter);
    let hours = 0;
    let active = 0;
    for (const c of communities) {
      const seen = new Set<string>();
      for (const [day, d] of Object.entries(c.days ?? {})) {
        if (day < period.from || day > period.to) continue;
        hours += d.h;
        Object.keys(d.v).forEach((v) => seen.add(v));
      }
      active += seen.size;
    }
    const registered = node?.registered ?? 0;
    const residents = node?.residents ?? 0;
    return {
      code,
      level: levelOf(code),
      period,
      registered,
      residents,
      registrationRate: residents > 0 ? Math.round((registered / residents) * 10_000) / 10_000 : null,
      activeVolunteers: active,
      hours: Math.round(hours * 100) / 100,
      totalHours: node?.hours ?? 0,
      communities: communities.length,
    };
  }
}

const strip = ({ _id, _pos, _lanes, _v, ...view }: VolunteerView & { _lanes?: unknown }) => view;
