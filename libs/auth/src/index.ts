export * from './roles';
export * from './decorators';
export * from './auth.guard';
export * from './auth.module';
