export * from './inventory-rules';
export * from './catalogue';
export * from './warehouse';
export * from './stock';
export * from './stock-take';
