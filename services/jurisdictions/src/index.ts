export * from './jurisdictions.module';
export * from './domain/community-profile.decider';
export * from './domain/community-location.decider';
