export * from './work-order-comments';
