import type { IncidentConfirmed, RecordedEvent, TitleConferred, TitleRemoved } from '@chuangwen/contracts';
import type { Projection, ReadDoc } from '@chuangwen/projections';

export const HOLDINGS = 'award_holdings';

interface HoldingsDoc extends ReadDoc {
  titles: string[];
}

/** How the process issues RemoveTitle; bound by the awards module when the application starts. */
export type RemoveTitles = (
  removals: { titleId: string; incidentId: string; kind: string; causationId: string }[],
) => Promise<void>;

type Handled = TitleConferred | TitleRemoved | IncidentConfirmed;

/**
 * 摘牌 after a veto: when an incident is confirmed in a community, every community title it holds
 * at that moment is removed. A process manager run as a projection: it keeps the titles each
 * community holds (from the events, in order) and, on IncidentConfirmed, issues RemoveTitle. A
 * replay issues them again; the decider answers the same incident with nothing, so it is idempotent.
 */
export class TitleRemovalProcess {
  private removeTitles?: RemoveTitles;

  bind(removeTitles: RemoveTitles): void {
    this.removeTitles = removeTitles;
  }

  readonly projection: Projection = {
    name: 'awards.title-removal',
    collections: [{ name: HOLDINGS }],
    handles: new Set(['TitleConferred', 'TitleRemoved', 'IncidentConfirmed']),
    apply: async (events, uow) => {
      for (const e of events as readonly RecordedEvent<Handled>[]) {
        if (e.type === 'TitleConferred' && e.data.holder.type !== 'community') continue;
        const code = e.data.communityCode;
        if (e.type === 'IncidentConfirmed') {
          const holdings = await uow.get<HoldingsDoc>(HOLDINGS, code);
          if (!holdings?.titles.length) continue;
          // Unbound only in an offline rebuild (npm run rebuild), which must not act: the log already
          // holds the removals issued when the incident was first confirmed.
          if (!this.removeTitles) continue;
          await this.removeTitles(
            holdings.titles.map((titleId) => ({
              titleId,
              incidentId: e.data.incidentId,
              kind: e.data.kind,
              causationId: e.eventId,
            })),
          );
          continue;
        }
        await uow.update<HoldingsDoc>(HOLDINGS, code, e, (doc) => {
          const titles = (doc?.titles ?? []).filter((t) => t !== e.data.titleId);
          return {
            _id: code,
            _pos: -1,
            ...doc,
            titles: e.type === 'TitleConferred' ? [...titles, e.data.titleId] : titles,
          };
        });
      }
    },
  };
}

/** One per process: the module binds it to its command bus; the projection list includes it. */
export const titleRemovalProcess = new TitleRemovalProcess();
