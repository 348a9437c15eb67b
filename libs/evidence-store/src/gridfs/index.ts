export * from './gridfs-evidence-store';
