export * from './evidence.module';
export * from './application/evidence.service';
export * from './application/evidence-lookup';
export * from './application/options';
export * from './domain/media-type';
export * from './domain/flags';
