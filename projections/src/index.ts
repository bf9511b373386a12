export * from './store/read-model-store.port';
