// The port and what works on any adapter. Adapters have entry points of their own
// (`@chuangwen/event-store/sqlite`, `/postgres`, `/esdb`), imported by the compositions only.
export * from './port';
export * from './catch-up-subscription';
export * from './history/history-fields';
export * from './tokens';
