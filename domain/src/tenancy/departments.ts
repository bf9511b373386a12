import type { Decider } from '../event-sourcing/decider';
import type { DepartmentsCommand } from './departments.commands';
import {
  DEPARTMENT_DEPTH_MAX,
  DEPARTMENT_NAME_MAX,
  DEPARTMENT_RESPONSIBILITIES_MAX,
  DEPARTMENTS_MAX,
  type DepartmentsEvent,
} from './departments.events';
import { required, TenancyRuleViolation } from './tenancy-rules';

// ---- State ---------------------------------------------------------------------------------------

export interface Department {
  readonly name: string;
  readonly parentId: string | null;
  readonly responsibilities: string;
}

export interface DepartmentsState {
  readonly departments: Readonly<Record<string, Department>>;
  /** Ids once used: a deleted department's id is not given to another. */
  readonly used: readonly string[];
  /** userId → departmentId of every member who is in a department. */
  readonly memberOf: Readonly<Record<string, string>>;
}

const violation = (rule: string, field: string, message: string) => new TenancyRuleViolation(rule, field, message);

const existing = (state: DepartmentsState, id: string, field: string): Department => {
  const department = state.departments[id];
  if (!department) throw violation('department-unknown', field, `department ${id} does not exist in this enterprise`);
  return department;
};

/** Names compare without case, width or surrounding blanks: '售后部' and ' 售后部 ' are the same name. */
const sameName = (a: string, b: string): boolean => a.normalize('NFKC').toLowerCase() === b.normalize('NFKC').toLowerCase();

const nameOf = (raw: string): string => {
  const name = required(raw, 'name');
  if ([...name].length > DEPARTMENT_NAME_MAX)
    throw violation('max-length', 'name', `a department name has at most ${DEPARTMENT_NAME_MAX} characters`);
  return name;
};

const responsibilitiesOf = (raw: string): string => {
  const text = raw.trim();
  if ([...text].length > DEPARTMENT_RESPONSIBILITIES_MAX)
    throw violation('max-length', 'responsibilities', `responsibilities have at most ${DEPARTMENT_RESPONSIBILITIES_MAX} characters`);
  return text;
};

const uniqueAmongSiblings = (state: DepartmentsState, parentId: string | null, name: string, self: string): void => {
  const taken = Object.entries(state.departments).some(([id, d]) => id !== self && d.parentId === parentId && sameName(d.name, name));
  if (taken) throw violation('name-taken', 'name', `another department under the same parent is already called ${JSON.stringify(name)}`);
};

/** Level of a department, a root being 1. */
const levelOf = (state: DepartmentsState, id: string | null): number => {
  let level = 0;
  for (let at = id; at !== null; at = state.departments[at]!.parentId) level++;
  return level;
};

/** How many levels the department's subtree spans, itself included. */
const heightOf = (state: DepartmentsState, id: string): number => {
  const children = Object.entries(state.departments).filter(([, d]) => d.parentId === id);
  return 1 + Math.max(0, ...children.map(([child]) => heightOf(state, child)));
};

const isWithin = (state: DepartmentsState, id: string | null, ancestor: string): boolean => {
  for (let at = id; at !== null; at = state.departments[at]!.parentId) if (at === ancestor) return true;
  return false;
};

const tooDeep = () => violation('max-depth', 'parentId', `the department tree has at most ${DEPARTMENT_DEPTH_MAX} levels`);

// ---- Logic ---------------------------------------------------------------------------------------

const decide = (command: DepartmentsCommand, state: DepartmentsState): DepartmentsEvent[] => {
  const { enterpriseId, at } = command.data;
  switch (command.type) {
    case 'CreateDepartment': {
      const { departmentId, parentId } = command.data;
      if (state.used.includes(departmentId))
        throw violation('department-exists', 'departmentId', `department ${departmentId} exists already`);
      if (Object.keys(state.departments).length >= DEPARTMENTS_MAX)
        throw violation('max-departments', 'departmentId', `an enterprise has at most ${DEPARTMENTS_MAX} departments`);
      const name = nameOf(command.data.name);
      const responsibilities = responsibilitiesOf(command.data.responsibilities);
      if (parentId !== null) existing(state, parentId, 'parentId');
      if (levelOf(state, parentId) + 1 > DEPARTMENT_DEPTH_MAX) throw tooDeep();
      uniqueAmongSiblings(state, parentId, name, departmentId);
      return [{ type: 'DepartmentCreated', data: { enterpriseId, departmentId, name, parentId, responsibilities, at } }];
    }
    case 'UpdateDepartment': {
      const { departmentId } = command.data;
      const current = existing(state, departmentId, 'departmentId');
      const name = command.data.name === undefined ? current.name : nameOf(command.data.name);
      const responsibilities =
        command.data.responsibilities === undefined ? current.responsibilities : responsibilitiesOf(command.data.responsibilities);
      const parentId = command.data.parentId === undefined ? current.parentId : command.data.parentId;
      const events: DepartmentsEvent[] = [];
      if (parentId !== current.parentId) {
        if (parentId !== null) existing(state, parentId, 'parentId');
        if (isWithin(state, parentId, departmentId))
          throw violation('department-cycle', 'parentId', 'a department cannot move under itself or one of its sub-departments');
        if (levelOf(state, parentId) + heightOf(state, departmentId) > DEPARTMENT_DEPTH_MAX) throw tooDeep();
        events.push({ type: 'DepartmentMoved', data: { enterpriseId, departmentId, parentId, previousParentId: current.parentId, at } });
      }
      uniqueAmongSiblings(state, parentId, name, departmentId);
      if (name !== current.name || responsibilities !== current.responsibilities)
        events.unshift({ type: 'DepartmentEdited', data: { enterpriseId, departmentId, name, responsibilities, at } });
      return events;
    }
    case 'DeleteDepartment': {
      const { departmentId } = command.data;
      existing(state, departmentId, 'departmentId');
      const children = Object.values(state.departments).filter((d) => d.parentId === departmentId).length;
      const members = Object.values(state.memberOf).filter((d) => d === departmentId).length;
      if (children > 0 || members > 0)
        throw violation(
          'department-not-empty',
          'departmentId',
          `the department still has ${children} sub-department(s) and ${members} member(s): move them elsewhere first`,
        );
      return [{ type: 'DepartmentDeleted', data: { enterpriseId, departmentId, at } }];
    }
    case 'AssignMemberDepartment': {
      const { userId, departmentId, memberStatus } = command.data;
      if (memberStatus !== 'active')
        throw violation('member-not-active', 'userId', 'only an active member of the enterprise is put in a department');
      if (departmentId !== null) existing(state, departmentId, 'departmentId');
      const previousDepartmentId = state.memberOf[userId] ?? null;
      if (previousDepartmentId === departmentId) return [];
      return [{ type: 'MemberDepartmentChanged', data: { enterpriseId, userId, departmentId, previousDepartmentId, at } }];
    }
    case 'ReleaseMemberDepartment': {
      const { userId } = command.data;
      const previousDepartmentId = state.memberOf[userId] ?? null;
      if (previousDepartmentId === null) return [];
      return [{ type: 'MemberDepartmentChanged', data: { enterpriseId, userId, departmentId: null, previousDepartmentId, at } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const evolve = (state: DepartmentsState, event: DepartmentsEvent): DepartmentsState => {
  switch (event.type) {
    case 'DepartmentCreated': {
      const { departmentId, name, parentId, responsibilities } = event.data;
      return {
        ...state,
        departments: { ...state.departments, [departmentId]: { name, parentId, responsibilities } },
        used: [...state.used, departmentId],
      };
    }
    case 'DepartmentEdited': {
      const { departmentId, name, responsibilities } = event.data;
      return {
        ...state,
        departments: { ...state.departments, [departmentId]: { ...state.departments[departmentId]!, name, responsibilities } },
      };
    }
    case 'DepartmentMoved': {
      const { departmentId, parentId } = event.data;
      return { ...state, departments: { ...state.departments, [departmentId]: { ...state.departments[departmentId]!, parentId } } };
    }
    case 'DepartmentDeleted': {
      const { [event.data.departmentId]: _deleted, ...departments } = state.departments;
      return { ...state, departments };
    }
    case 'MemberDepartmentChanged': {
      const { [event.data.userId]: _previous, ...memberOf } = state.memberOf;
      return {
        ...state,
        memberOf: event.data.departmentId === null ? memberOf : { ...memberOf, [event.data.userId]: event.data.departmentId },
      };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** An enterprise's department tree and who is in which department (ORG-5, ORG-6). */
export const departments: Decider<DepartmentsCommand, DepartmentsEvent, DepartmentsState> = {
  initialState: () => ({ departments: {}, used: [], memberOf: {} }),
  decide,
  evolve,
};
