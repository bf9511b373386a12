export * from './ranking';
export * from './profile-rules';
export * from './provider-profile';
export * from './engineer-profile';
