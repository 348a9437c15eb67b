import { createHash, createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ResidentContact } from '@chuangwen/contracts';
import { maskEmail, maskName, maskPhone, normaliseEmail, normalisePhone } from '../domain/contact';
import { RESIDENTS_OPTIONS, ResidentsOptions } from './options';

/**
 * The only place a resident's phone, e-mail or name is handled in clear: each becomes a keyed hash
 * (to find the same person again) and a masked form, and is then forgotten — never appended, stored,
 * logged or exported. The name is not hashed: only its mask is kept.
 */
@Injectable()
export class ContactProtector {
  constructor(@Inject(RESIDENTS_OPTIONS) private readonly options: ResidentsOptions) {}

  private hmac(kind: string, value: string): string {
    return createHmac('sha256', this.options.contactKey).update(`${kind}:${value}`).digest('hex');
  }

  protect(clear: { phone?: string; email?: string; name?: string }): ResidentContact | undefined {
    const phone = clear.phone ? normalisePhone(clear.phone) : undefined;
    const email = clear.email ? normaliseEmail(clear.email) : undefined;
    const name = clear.name?.trim();
    const contact: ResidentContact = {
      ...(phone ? { phoneHash: this.hmac('phone', phone), phoneMasked: maskPhone(phone) } : {}),
      ...(email ? { emailHash: this.hmac('email', email), emailMasked: maskEmail(email) } : {}),
      ...(name ? { nameMasked: maskName(name) } : {}),
    };
    return Object.keys(contact).length ? contact : undefined;
  }

  device(id: string | undefined): string | undefined {
    return id ? this.hmac('device', id) : undefined;
  }
}

/** The reopen secret and Open311 keys are random and long: a plain SHA-256 is enough to keep them unreadable. */
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
