export * from './blob';
