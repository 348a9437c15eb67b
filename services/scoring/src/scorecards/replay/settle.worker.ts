import { parentPort, workerData } from 'node:worker_threads';
import { PackedDocs, packedBuffers } from '@chuangwen/read-store';
import { StandardsCache } from '../standards-cache';
import { SharedEntries, SortedEntries } from './entry-log';
import { claimed, Gathered, settleMembers } from './scoring.replay';
import { StreetRollups } from './street-rollups';

/** The helper thread of a replay's second pass (settle-helper.ts): settles its members, hands their packed documents over (transferred, not copied). */
const { data } = workerData as {
  data: Omit<Gathered, 'facts' | 'registrations'> & {
    facts: SharedEntries;
    registrations: SharedEntries;
    next: Int32Array;
  };
};
const g: Gathered = {
  ...data,
  facts: new SortedEntries(data.facts),
  registrations: new SortedEntries(data.registrations),
};
const cache = new StandardsCache();
const streets = new StreetRollups();
for (const docs of settleMembers(
  g,
  claimed(data.next, g.codes.length),
  g.versions.map((v) => cache.standardOf(v)),
  streets,
)) {
  parentPort!.postMessage(
    { docs },
    docs.flatMap((d) => packedBuffers(d.docs as PackedDocs)),
  );
}
parentPort!.postMessage({ streets: streets.exported() });
