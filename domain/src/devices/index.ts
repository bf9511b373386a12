export * from './device.events';
export * from './device.commands';
export * from './device-rules';
export * from './device';
export * from './device-number-claim';
