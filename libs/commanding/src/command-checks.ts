import { invalid, notFound } from '@chuangwen/contracts';
import type { JurisdictionLookup } from '@chuangwen/contracts';
import type { ReadYourWrites } from '@chuangwen/projections';

/**
 * The check every command about a community makes before it is decided: the code is in the
 * jurisdiction registry and is a community committee, not a street or a district. Unknown is a 422
 * naming the field with how to seed it (`whenMissing: 'not_found'` answers 404 instead, as awards and
 * volunteers do); a code of another level is always a 422.
 */
export async function assertCommunity(
  lookup: JurisdictionLookup,
  code: string,
  { field = 'communityCode', whenMissing = 'invalid' }: { field?: string; whenMissing?: 'invalid' | 'not_found' } = {},
): Promise<void> {
  const node = await lookup.find(code);
  if (!node) {
    if (whenMissing === 'not_found') throw notFound(`community ${code} is not in the jurisdiction registry`, { field });
    throw invalid(
      `community ${code} is not in the jurisdiction registry; seed its region first (npm run seed -- --region ${code.slice(0, 6)})`,
      { field },
    );
  }
  if (node.level !== 'community') throw invalid(`${code} is a ${node.level}, not a community committee`, { field });
}

/**
 * Read your writes (docs/architecture.md): the answer waits until the projections that handle the
 * appended events' types have applied them; a command that appended nothing waits for all, up to
 * the stream's head (already applied, as a rule, so at once).
 */
export async function waitForReaders(
  reads: ReadYourWrites,
  result: { events: readonly { type: string }[]; position: number },
): Promise<void> {
  await reads.waitFor(result.position, result.events.length ? result.events.map((e) => e.type) : undefined);
}
