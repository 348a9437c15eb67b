export * from './reports.module';
export * from './application/reports.queries';
export * from './application/xlsx';
export * from './domain/early-warning';
export * from './domain/problem-ledger';
export * from './domain/bulletin';
export * from './domain/periods';
