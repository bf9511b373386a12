import type { DomainEvent } from '../event-sourcing/event';

// ---- Events of an enterprise's department tree (stream `Departments-<enterpriseId>`) ------------
// One stream holds the whole tree and who is in which department, so that the decider sees every
// child and member it needs for cycle checks on a move and "delete only when empty".

type OfEnterprise = { enterpriseId: string };

export type DepartmentCreated = DomainEvent<
  'DepartmentCreated',
  OfEnterprise & { departmentId: string; name: string; parentId: string | null; responsibilities: string; at: string }
>;
/** Name and responsibilities (部门职责) as they are now. */
export type DepartmentEdited = DomainEvent<
  'DepartmentEdited',
  OfEnterprise & { departmentId: string; name: string; responsibilities: string; at: string }
>;
export type DepartmentMoved = DomainEvent<
  'DepartmentMoved',
  OfEnterprise & { departmentId: string; parentId: string | null; previousParentId: string | null; at: string }
>;
export type DepartmentDeleted = DomainEvent<'DepartmentDeleted', OfEnterprise & { departmentId: string; at: string }>;
/** A member put in a department, moved to another, or taken out (departmentId null). */
export type MemberDepartmentChanged = DomainEvent<
  'MemberDepartmentChanged',
  OfEnterprise & { userId: string; departmentId: string | null; previousDepartmentId: string | null; at: string }
>;

export type DepartmentsEvent = DepartmentCreated | DepartmentEdited | DepartmentMoved | DepartmentDeleted | MemberDepartmentChanged;

export const departmentsStream = (enterpriseId: string): string => `Departments-${enterpriseId}`;

export const DEPARTMENT_NAME_MAX = 50;
export const DEPARTMENT_RESPONSIBILITIES_MAX = 500;
/** Levels of the tree, a root department being level 1. */
export const DEPARTMENT_DEPTH_MAX = 10;
export const DEPARTMENTS_MAX = 2_000;
