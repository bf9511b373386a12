import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IllegalTransition, membership, membershipStream, RuleViolation } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { BUILT_IN_ROLES } from '@kuaige/tenancy';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Accounts } from '../../identity/application/accounts';
import { PersonalData } from '../../identity/personal-data';
import { employeeSheet, type EmployeeSheetRow, type SheetFormat } from '../../tabular';
import type { DepartmentRow, EnterpriseRoleRow } from '../read-models/organisation.projections';
import { stepOf } from './event-scope';
import { IssueInvitation } from './invitation.commands';
import { ChangeMemberRoles } from './membership.commands';
import { AssignMemberDepartment } from './organisation.commands';

// ---- Bulk import of employees from the employee sheet (ORG-6) ----------------------------------
// Row by row: a row that fails is reported with its row number, field and rule, and the others go
// ahead. A registered person who is already an employee gets the row's department and roles; anyone
// else registered is invited (the report carries the invitation link's token). Every row's commands
// derive their ids from the request's, so importing the same file again under the same key appends
// nothing twice.

export interface RejectedRow {
  readonly row: number;
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

export interface ImportReport {
  readonly imported: number;
  readonly updated: readonly { readonly row: number; readonly userId: string }[];
  readonly invited: readonly { readonly row: number; readonly userId: string; readonly token: string; readonly expiresAt: string }[];
  readonly rejected: readonly RejectedRow[];
}

export class ImportEmployees extends Command<ImportReport> {
  constructor(
    readonly data: { enterpriseId: string; importedBy: string; bytes: Uint8Array; format: SheetFormat; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Names compare as the departments decider compares them: without case, width or surrounding blanks. */
const fold = (name: string) => name.normalize('NFKC').trim().toLowerCase();

/** The enterprise's departments by path of names, and its roles by key or name (either language). */
export class OrganisationDirectory {
  private constructor(
    private readonly departments: readonly DepartmentRow[],
    private readonly roles: ReadonlyMap<string, string>,
  ) {}

  static async of(store: ReadModelStore, enterpriseId: string): Promise<OrganisationDirectory> {
    const departments = await store.collection<DepartmentRow>('departments').find({ $and: [visibleRows, { enterpriseId }] });
    const custom = await store.collection<EnterpriseRoleRow>('enterprise_roles').find({ $and: [visibleRows, { enterpriseId }] });
    const roles = new Map<string, string>();
    for (const r of BUILT_IN_ROLES.filter((b) => b.scope === 'enterprise'))
      for (const name of [r.key, r.label['zh-CN'], r.label.en]) roles.set(fold(name), r.key);
    for (const r of custom) roles.set(fold(r.name), r._id);
    return new OrganisationDirectory(departments, roles);
  }

  departmentOf(path: readonly string[]): string | null {
    let parentId: string | null = null;
    for (const name of path) {
      const found = this.departments.find((d) => d.parentId === parentId && fold(d.name) === fold(name));
      if (!found) return null;
      parentId = found._id;
    }
    return parentId;
  }

  pathOf(departmentId: string | null): string[] {
    const path: string[] = [];
    const byId = new Map(this.departments.map((d) => [d._id, d]));
    for (
      let at = departmentId === null ? undefined : byId.get(departmentId);
      at && path.length <= byId.size;
      at = at.parentId === null ? undefined : byId.get(at.parentId)
    )
      path.unshift(at.name);
    return path;
  }

  roleOf(name: string): string | null {
    return this.roles.get(fold(name)) ?? null;
  }
}

@CommandHandler(ImportEmployees)
export class ImportEmployeesHandler implements ICommandHandler<ImportEmployees> {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: AggregateStreams,
    private readonly accounts: Accounts,
    private readonly personal: PersonalData,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  async execute({ data, context }: ImportEmployees): Promise<ImportReport> {
    const { enterpriseId } = data;
    const sheet = employeeSheet.readSheet(data.bytes, { format: data.format });
    const directory = await OrganisationDirectory.of(this.store, enterpriseId);
    const rejected: RejectedRow[] = sheet.errors.map(({ row, field, rule, message }) => ({ row, field, rule, message }));
    const updated: { row: number; userId: string }[] = [];
    const invited: { row: number; userId: string; token: string; expiresAt: string }[] = [];
    for (const { row, values } of sheet.rows) {
      try {
        const outcome = await this.importRow(enterpriseId, data.importedBy, data.at, row, values, directory, stepOf(context, `row-${row}`));
        if ('token' in outcome) invited.push({ row, ...outcome });
        else updated.push({ row, userId: outcome.userId });
      } catch (error) {
        rejected.push(rejectionOf(row, error));
      }
    }
    rejected.sort((a, b) => a.row - b.row);
    return { imported: updated.length + invited.length, updated, invited, rejected };
  }

  private async importRow(
    enterpriseId: string,
    importedBy: string,
    at: string,
    row: number,
    values: EmployeeSheetRow,
    directory: OrganisationDirectory,
    context: CommandContext,
  ): Promise<{ userId: string } | { userId: string; token: string; expiresAt: string }> {
    const userId = await this.accounts.userIdByMobileIndex(this.personal.mobileIndex(values.phone));
    if (userId === null)
      throw new RowRefused(
        'phone',
        'account-unknown',
        `row ${row}: no one has registered with this number; they register first, or get an open invitation link`,
      );
    const departmentId = values.department && values.department.length > 0 ? directory.departmentOf(values.department) : undefined;
    if (departmentId === null)
      throw new RowRefused(
        'department',
        'department-unknown',
        `row ${row}: there is no department ${values.department!.join('/')}; create it first`,
      );
    const roles = (values.roles ?? []).map((name) => {
      const key = directory.roleOf(name);
      if (key === null) throw new RowRefused('roles', 'unknown-role', `row ${row}: there is no role called ${JSON.stringify(name)}`);
      return key;
    });
    const { state } = await this.streams.load(membershipStream(enterpriseId, userId), membership);
    if (state.status !== 'active') {
      const issued = await this.commands.execute(new IssueInvitation({ enterpriseId, invitedBy: importedBy, userId, at }, context));
      return { userId, ...issued };
    }
    if (departmentId !== undefined)
      await this.commands.execute(new AssignMemberDepartment({ enterpriseId, userId, departmentId, at }, stepOf(context, 'department')));
    if (roles.length > 0)
      await this.commands.execute(
        new ChangeMemberRoles({ enterpriseId, userId, changedBy: importedBy, roles, at }, stepOf(context, 'roles')),
      );
    return { userId };
  }
}

/** A row the import could not apply, with the sheet column it is about. */
class RowRefused extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** The sheet column a command's field stands for. */
const COLUMN_OF: Readonly<Record<string, string>> = { departmentId: 'department', userId: 'phone', roles: 'roles' };

/** Refusals of a row's commands become its line in the report; anything else is a fault and propagates. */
const rejectionOf = (row: number, error: unknown): RejectedRow => {
  if (error instanceof RowRefused) return { row, field: error.field, rule: error.rule, message: error.message };
  if (error instanceof RuleViolation) {
    const field = String((error as { field?: unknown }).field ?? 'row');
    return { row, field: COLUMN_OF[field.split('.')[0]!] ?? field, rule: error.rule, message: `row ${row}: ${error.message}` };
  }
  if (error instanceof IllegalTransition) return { row, field: 'phone', rule: 'member-status', message: `row ${row}: ${error.message}` };
  throw error;
};

export const EMPLOYEE_IMPORT_COMMAND_HANDLERS = [ImportEmployeesHandler];
