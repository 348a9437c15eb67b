import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** The city dashboard: static pages served by the platform at `/`, reading the platform's own API. */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
