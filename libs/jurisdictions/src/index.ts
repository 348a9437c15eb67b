export * from './division-data';
export * from './seed';
export * from './registry-projection';
export * from './jurisdiction-registry';
