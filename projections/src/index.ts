export * from './store';
export * from './projection';
export * from './projector/projector';
export * from './projector/projection-runner';
export * from './projector/lease';
export * from './reactor/reactor';
export * from './reactor/read-model-checkpoint-store';
export * as testing from './testing';
