import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { builtInRole, hiddenFields } from '@kuaige/tenancy';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { maskMobile } from '../../identity/crypto/masking';
import { PersonalData } from '../../identity/personal-data';
import { employeeSheet, type SheetFormat, type SheetLanguage } from '../../tabular';
import { scopedFilter, type Actor } from '../api/authorization';
import { OrganisationDirectory } from '../application/employee-import.commands';
import type { EnterpriseRoleRow, MemberRow } from './organisation.projections';

/** The active employees as the employee sheet, in the format and header language asked for (ORG-6). */
export class ExportEmployees extends Query<Buffer> {
  constructor(
    readonly actor: Actor,
    readonly enterpriseId: string,
    readonly format: SheetFormat,
    readonly language: SheetLanguage,
  ) {
    super();
  }
}

type AccountRow = { _id: string; displayName?: string | null; mobileEncrypted?: string | null };

@QueryHandler(ExportEmployees)
export class ExportEmployeesHandler implements IQueryHandler<ExportEmployees> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly personal: PersonalData,
  ) {}

  async execute({ actor, enterpriseId, format, language }: ExportEmployees): Promise<Buffer> {
    const members = await this.store
      .collection<MemberRow>('enterprise_members')
      .find(
        { $and: [visibleRows, scopedFilter(actor, 'read', 'Member', { enterpriseId, status: 'active' })] },
        { sort: { joinedAt: 1, _id: 1 } },
      );
    const accounts = new Map(
      (
        await this.store.collection<AccountRow>('accounts').find({ $and: [visibleRows, { _id: { $in: members.map((m) => m.userId) } }] })
      ).map((a) => [a._id, a]),
    );
    const custom = new Map(
      (await this.store.collection<EnterpriseRoleRow>('enterprise_roles').find({ $and: [visibleRows, { enterpriseId }] })).map((r) => [
        r._id,
        r.name,
      ]),
    );
    const directory = await OrganisationDirectory.of(this.store, enterpriseId);
    // Whole numbers only for those who may read them; a masked number does not import again.
    const wholePhones = !hiddenFields(actor.ability, 'Member').includes('phone');
    const roleName = (key: string) => builtInRole(key)?.label[language] ?? custom.get(key) ?? key;
    const rows = members.map((m) => {
      const account = accounts.get(m.userId);
      const phone = account?.mobileEncrypted ? this.personal.decrypt(m.userId, 'mobile', account.mobileEncrypted) : '';
      const department = directory.pathOf(m.departmentId);
      return {
        phone: wholePhones || phone === '' ? phone : maskMobile(phone),
        name: account?.displayName ?? '',
        ...(department.length > 0 ? { department } : {}),
        roles: m.roles.map(roleName),
      };
    });
    return employeeSheet.writeSheet(rows, format, language);
  }
}
