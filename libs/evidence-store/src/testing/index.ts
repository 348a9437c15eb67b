export * from './evidence-store.contract';
