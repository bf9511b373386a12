export * from './verification';
export * from './real-name-verification.events';
export * from './real-name-verification.commands';
export * from './real-name-verification';
export * from './certification.events';
export * from './certification.commands';
export * from './certification';
export * from './resident-id-claim';
