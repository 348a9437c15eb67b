import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isWithin } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor, InScope, Roles } from '@chuangwen/auth';
import { NotificationInbox } from '../application/inbox';
import { NotificationWebhooks, publicWebhook } from '../application/webhooks';
import { NotificationIdParam, NotificationListQueryDto, RegisterWebhookDto } from './notifications.dto';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationsController {
  constructor(
    private readonly inbox: NotificationInbox,
    private readonly webhooks: NotificationWebhooks,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Notifications for your jurisdiction (or one below it), newest first, with the unread count',
  })
  list(@Query() q: NotificationListQueryDto, @CurrentActor() actor: Actor) {
    return this.inbox.list(q.jurisdictionCode ?? actor.jurisdiction, actor, q);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a notification read (for you); marking it again changes nothing' })
  read(@Param() { id }: NotificationIdParam, @CurrentActor() actor: Actor) {
    return this.inbox.markRead(id, actor);
  }

  @Post('webhooks')
  @Roles('office', 'street')
  @InScope('body.jurisdictionCode')
  @ApiOperation({
    summary:
      'Register a webhook for your systems: signed CloudEvents of what happens after registration; the secret is shown once',
  })
  register(@Body() dto: RegisterWebhookDto, @CurrentActor() actor: Actor) {
    return this.webhooks.register(dto, actor);
  }

  @Get('webhooks')
  @Roles('office', 'street')
  @ApiOperation({ summary: 'The webhooks registered at and below your jurisdiction (without their secrets)' })
  async all(@CurrentActor() actor: Actor) {
    return (await this.webhooks.all())
      .filter((w) => isWithin(w.jurisdictionCode, actor.jurisdiction))
      .map(publicWebhook);
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  @Roles('office', 'street')
  @ApiOperation({ summary: 'Remove a webhook' })
  async remove(@Param() { id }: NotificationIdParam, @CurrentActor() actor: Actor) {
    await this.webhooks.remove(id, actor);
  }
}
