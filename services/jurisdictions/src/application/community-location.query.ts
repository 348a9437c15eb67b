import { communityLocationStream } from '@chuangwen/contracts';
import type { CommunityLocationSet, RecordedEvent } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';

export interface CommunityLocationView {
  readonly communityCode: string;
  readonly lat: number;
  readonly lng: number;
  readonly setOn: string;
  /** Who set it (the actor's id). */
  readonly setBy: string;
}

/** The centre point last set, read from the community's stream (a few events: no read model needed). */
export async function communityLocation(store: EventStore, code: string): Promise<CommunityLocationView | undefined> {
  const last = ((await store.readStream(communityLocationStream(code))) as RecordedEvent<CommunityLocationSet>[])
    .filter((e) => e.type === 'CommunityLocationSet')
    .pop();
  return (
    last && {
      communityCode: code,
      lat: last.data.lat,
      lng: last.data.lng,
      setOn: last.data.setOn,
      setBy: last.metadata.actor.id,
    }
  );
}
