export * from './jurisdictions.module';
export * from './domain/community-profile.decider';
