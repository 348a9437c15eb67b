export * from './jurisdictions.module';
