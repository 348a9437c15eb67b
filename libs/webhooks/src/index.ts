// What every outbound webhook of the platform shares: its signature, its delivery policy and the
// outbox dispatcher that applies it (its walk and timer stay inside).
export * from './signature';
export * from './delivery';
export type { OutboxEntry, OutboxRoute, PassReport, Recipient, RecipientHealth } from './outbox-delivery';
export * from './outbox-dispatcher';
