export * from './roles';
export * from './decorators';
export * from './claims';
export * from './token-verifier';
export * from './rate-limit';
export * from './auth.guard';
export * from './auth.module';
