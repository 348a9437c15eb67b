import { conflict, forbidden, isWithin, notFound } from '@chuangwen/contracts';
import type { Actor, Open311KeyEvent } from '@chuangwen/contracts';
import type { Open311KeyCommand } from './commands';

export type Open311Key =
  | { readonly status: 'none' }
  | { readonly status: 'active' | 'revoked'; readonly keyId: string; readonly jurisdiction: string };

export const initialOpen311Key = (): Open311Key => ({ status: 'none' });

export function evolveOpen311Key(state: Open311Key, e: Open311KeyEvent): Open311Key {
  if (e.type === 'Open311KeyIssued')
    return { status: 'active', keyId: e.data.keyId, jurisdiction: e.data.jurisdiction };
  return state.status === 'none' ? state : { ...state, status: 'revoked' };
}

/** An office issues keys for its own jurisdiction (or below) and revokes those it can reach. */
export function decideOpen311Key(command: Open311KeyCommand, state: Open311Key, actor: Actor): Open311KeyEvent[] {
  if (command.type === 'IssueOpen311Key') {
    if (state.status !== 'none') throw conflict(`key ${command.data.keyId} already exists`);
    if (!isWithin(command.data.jurisdiction, actor.jurisdiction))
      throw forbidden(`${command.data.jurisdiction} is outside your jurisdiction ${actor.jurisdiction}`, {
        field: 'jurisdiction',
      });
    return [{ type: 'Open311KeyIssued', version: 1, data: { ...command.data, issuedBy: actor.id } }];
  }
  if (state.status === 'none') throw notFound(`no Open311 key ${command.data.keyId}`);
  if (!isWithin(state.jurisdiction, actor.jurisdiction))
    throw forbidden(`key ${state.keyId} serves ${state.jurisdiction}, outside your jurisdiction ${actor.jurisdiction}`);
  if (state.status === 'revoked') return [];
  return [
    {
      type: 'Open311KeyRevoked',
      version: 1,
      data: { keyId: state.keyId, jurisdiction: state.jurisdiction, revokedBy: actor.id },
    },
  ];
}

export const open311KeyDecider = (actor: Actor) => ({
  initialState: initialOpen311Key,
  evolve: evolveOpen311Key,
  decide: (command: Open311KeyCommand, state: Open311Key) => decideOpen311Key(command, state, actor),
});
