import { Module } from '@nestjs/common';
import { FieldAppController } from './field-app.controller';

/** The field app (/m/): static pages for inspectors, community staff and offices, on the platform's own API. */
@Module({ controllers: [FieldAppController] })
export class FieldAppModule {}
