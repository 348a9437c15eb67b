export * from './file-evidence-store';
