// What every outbound webhook of the platform shares: its signature and its delivery policy.
export * from './signature';
export * from './delivery';
