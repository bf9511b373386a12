export * from './catalogue';
export * from './party';
