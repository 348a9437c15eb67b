import {
  BeforeApplicationShutdown,
  Controller,
  ForbiddenException,
  Inject,
  MessageEvent,
  Query,
  Sse,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsJurisdictionCode } from '@chuangwen/http';
import { Observable, Subscriber } from 'rxjs';
import { isWithin } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor } from '@chuangwen/auth';
import { PROJECTION_HOST, ProjectionHost } from '@chuangwen/projections';
import { ROLLUPS, SCORES } from '../scorecards/collections';

export class StreamQuery {
  @ApiPropertyOptional({
    example: '321282',
    description: 'Only changes at or below this jurisdiction (default: the caller’s)',
  })
  @IsOptional()
  @IsJurisdictionCode()
  code?: string;
  @ApiPropertyOptional({ description: 'The token, for EventSource clients that cannot set a header' })
  @IsOptional()
  access_token?: string;
}

/**
 * Server-sent events: one message per batch of score changes (which communities and roll-ups, at
 * which position), so a dashboard refetches what it shows. Browsers pass the token as access_token.
 * On shutdown every stream is ended (a stream never ends by itself, and the HTTP server would wait
 * for it); an EventSource reconnects to another instance by itself.
 */
@ApiTags('scores')
@ApiBearerAuth()
@Controller('api/stream')
export class ScoreStreamController implements BeforeApplicationShutdown {
  private readonly open = new Set<Subscriber<MessageEvent>>();

  constructor(@Inject(PROJECTION_HOST) private readonly host: ProjectionHost) {}

  beforeApplicationShutdown(): void {
    for (const s of [...this.open]) s.complete();
  }

  @Sse('scores')
  @ApiOperation({ summary: 'Live score changes (text/event-stream)' })
  scores(@Query() q: StreamQuery, @CurrentActor() actor: Actor): Observable<MessageEvent> {
    const scope = q.code ?? actor.jurisdiction;
    if (!isWithin(scope, actor.jurisdiction))
      throw new ForbiddenException(`${scope} is outside your jurisdiction ${actor.jurisdiction}`);
    return new Observable<MessageEvent>((subscriber) => {
      this.open.add(subscriber);
      subscriber.next({ type: 'ready', data: { scope } });
      const off = this.host.onChange((change) => {
        const changed = change.changed
          .filter((c) => c.collection === SCORES || c.collection === ROLLUPS)
          .map((c) => {
            const [standardId, code] = c.id.split('|');
            return { kind: c.collection === SCORES ? 'community' : 'rollup', standardId, code };
          })
          .filter((c) => isWithin(c.code, scope) || isWithin(scope, c.code));
        if (changed.length)
          subscriber.next({
            type: 'scores',
            id: String(change.position),
            data: { position: change.position, changed },
          });
      });
      return () => {
        off();
        this.open.delete(subscriber);
      };
    });
  }
}
