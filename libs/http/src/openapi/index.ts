export * from './validation-schema';
export * from './error-schema';
export * from './complete-document';
export * from './command-answer';
