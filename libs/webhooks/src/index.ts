// What every outbound webhook of the platform shares: its signature, its delivery policy and the
// outbox walk that applies it.
export * from './signature';
export * from './delivery';
export * from './outbox-delivery';
export * from './pass-loop';
export * from './outbox-dispatcher';
