export * from './port';
export * from './file/file-evidence-store';
export * from './gridfs/gridfs-evidence-store';
