export * from './catalogue';
export * from './party';
export * from './device-snapshot';
