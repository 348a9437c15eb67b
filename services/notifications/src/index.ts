export * from './notifications.module';
export * from './application/dispatcher';
export * from './application/inbox';
export * from './application/inbox.projection';
export * from './application/options';
export * from './application/transport';
export * from './application/webhooks';
export * from './domain/notification';
