// ---- @kuaige/tenancy: operator tree, enterprises, permissions and abilities (pure) ----------------
export * from './divisions/division-tree';
export * from './enterprises/uscc';
export * from './permissions/catalogue';
export * from './abilities/conditions';
export * from './abilities/ability-builder';
export * from './abilities/access-filter';
export * from './abilities/ability-cache';
export * from './roles/built-in-roles';
