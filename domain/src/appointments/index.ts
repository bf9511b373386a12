export * from './appointment';
export * from './return-visit';
