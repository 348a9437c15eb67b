import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { maskIdNumber, normaliseIdNumber } from '../domain/identity-number';

/** The secret of the keyed hash (HMAC-SHA256) of identity numbers; from settings. */
export const IDENTITY_KEY = Symbol('IdentityKey');

/**
 * The only place the clear identity number is handled: it is turned into a keyed hash (to find
 * the same person again without keeping the number) and a masked form, and then forgotten.
 */
@Injectable()
export class IdentityProtector {
  constructor(@Inject(IDENTITY_KEY) private readonly key: string) {}

  protect(clear: string): { idHash: string; idMasked: string } {
    const id = normaliseIdNumber(clear);
    return { idHash: createHmac('sha256', this.key).update(id).digest('hex'), idMasked: maskIdNumber(id) };
  }
}
