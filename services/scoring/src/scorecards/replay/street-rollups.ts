import { codeAncestors, levelOf } from '@chuangwen/contracts';
import { addInto, Aggregate, emptyAggregate } from '../../rollups/rollup';
import { scoreId } from '../collections';
import { EntryChains } from './entry-chains';

/** A street under one standard: the sum over its communities. */
export interface Street {
  readonly standardId: string;
  readonly code: string;
  readonly aggregate: Aggregate;
}

/** A street as another thread built it: its sum and its communities' shares as text. */
export interface ExportedStreet extends Street {
  readonly shares: string;
}

/**
 * Street roll-ups built during a replay: each street's sum as an object, each community's share as
 * JSON text off the JS heap (a million small aggregates kept as objects to the end were most of the
 * garbage collector's work in the second pass: copied out of the young generation one by one).
 */
export class StreetRollups {
  private readonly numbers = new Map<string, number>();
  private readonly streets: Street[] = [];
  private readonly children = new EntryChains(16 * 2 ** 20);

  /** A community's share in its street: each community once (the replay scores it once). */
  add(standardId: string, community: string, share: Aggregate): void {
    this.addShares(
      standardId,
      codeAncestors(community).pop()!,
      share,
      `${JSON.stringify(community)}:${JSON.stringify(share)}`,
    );
  }

  /** Every street with its shares as text, for another thread to merge. */
  exported(): ExportedStreet[] {
    return this.streets.map((s) => ({ ...s, shares: this.shares(s) }));
  }

  /** Streets built by another thread over other communities (a street may have shares in both). */
  merge(streets: readonly ExportedStreet[]): void {
    for (const s of streets) this.addShares(s.standardId, s.code, s.aggregate, s.shares);
  }

  /** Adds `sum` to the street's aggregate and `shares` (`"community":{share},…`) to its children. */
  private addShares(standardId: string, street: string, sum: Aggregate, shares: string): void {
    const id = scoreId(standardId, street);
    let n = this.numbers.get(id);
    if (n === undefined) {
      this.numbers.set(id, (n = this.children.add()));
      this.streets.push({ standardId, code: street, aggregate: emptyAggregate() });
    }
    addInto(this.streets[n].aggregate, sum, 1);
    if (shares) this.children.append(n, shares);
  }

  all(): readonly Street[] {
    return this.streets;
  }

  /** The street's roll-up document as JSON text (`RollupDoc` without `_id` and `_pos`). */
  json(street: Street): string {
    const shares = this.shares(street);
    const parentCode = codeAncestors(street.code).pop() ?? null;
    return `{"standardId":${JSON.stringify(street.standardId)},"code":"${street.code}","level":"${levelOf(street.code)}","parentCode":${JSON.stringify(parentCode)},"children":{${shares}},"aggregate":${JSON.stringify(street.aggregate)}}`;
  }

  /** `"community":{share},…` */
  private shares(street: Street): string {
    return this.children.json(this.numbers.get(scoreId(street.standardId, street.code))!).slice(1, -1);
  }
}
