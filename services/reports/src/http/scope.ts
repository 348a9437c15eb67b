import { ForbiddenException, UnprocessableEntityException } from '@nestjs/common';
import { isWithin } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { UnknownStandardError } from '@chuangwen/scoring';

/** Figures: at and below the caller's jurisdiction, and the aggregates above it (as the scores endpoints). */
export function assertFiguresReadable(code: string, actor: Actor): void {
  if (!isWithin(code, actor.jurisdiction) && !isWithin(actor.jurisdiction, code))
    throw new ForbiddenException(`${code} is outside your jurisdiction ${actor.jurisdiction}`);
}

/** Records (problems, rectifications): at and below the caller's jurisdiction only (as the lists). */
export function assertRecordsReadable(code: string, actor: Actor): void {
  if (!isWithin(code, actor.jurisdiction))
    throw new ForbiddenException(`${code} is outside your jurisdiction ${actor.jurisdiction}`);
}

/** A standard not in force there is a 422 naming it, never another standard's figures. */
export async function known<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof UnknownStandardError) throw new UnprocessableEntityException(e.message);
    throw e;
  }
}
