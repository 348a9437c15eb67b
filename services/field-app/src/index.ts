export * from './field-app.module';
