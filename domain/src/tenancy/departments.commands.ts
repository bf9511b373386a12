import type { Command } from '../event-sourcing/decider';
import type { MembershipStatus } from './membership';

// ---- Commands on an enterprise's department tree. Time always comes in the command (`at`). -------

type OfEnterprise = { enterpriseId: string };

export type CreateDepartment = Command<
  'CreateDepartment',
  OfEnterprise & { departmentId: string; name: string; parentId: string | null; responsibilities: string; at: string }
>;
/** Changes what is given: an absent field stays as it is; `parentId` null moves it to the top. */
export type UpdateDepartment = Command<
  'UpdateDepartment',
  OfEnterprise & { departmentId: string; name?: string; responsibilities?: string; parentId?: string | null; at: string }
>;
export type DeleteDepartment = Command<'DeleteDepartment', OfEnterprise & { departmentId: string; at: string }>;
/** `memberStatus`: the user's membership as the caller read it from the membership's stream. */
export type AssignMemberDepartment = Command<
  'AssignMemberDepartment',
  OfEnterprise & { userId: string; departmentId: string | null; memberStatus: MembershipStatus; at: string }
>;
/** On departure: the member leaves whatever department they were in. */
export type ReleaseMemberDepartment = Command<'ReleaseMemberDepartment', OfEnterprise & { userId: string; at: string }>;

export type DepartmentsCommand = CreateDepartment | UpdateDepartment | DeleteDepartment | AssignMemberDepartment | ReleaseMemberDepartment;
