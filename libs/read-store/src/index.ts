// The port and what works on any adapter. Adapters have entry points of their own
// (`@chuangwen/read-store/sqlite`, `/mongo`), imported by the compositions only.
export * from './port';
export * from './packed-docs';
export * from './tokens';
export * from './matches';
export * from './lease';
