import { normalBalanceFen, parseAccount, type AccountKind } from '@kuaige/domain';
import { layoutReport, type ReportBlock } from '../../pdf/report-layout';
import { writePdf } from '../../pdf/pdf-writer';
import { writeXlsx } from '../../tabular';
import type { LedgerLineRow } from '../read-models/settlements.projections';

// ---- Balances and statements of a party over a period, from its ledger lines ---------------------------

export interface AccountBalance {
  readonly account: string;
  readonly kind: AccountKind | 'unknown';
  readonly partyId: string;
  readonly debitFen: number;
  readonly creditFen: number;
  /** On the account's normal side: what the party owes (payables, cash) or is owed / earned (receivables, income). */
  readonly balanceFen: number;
}

export const balanceOf = (account: string, debitFen: number, creditFen: number): AccountBalance => {
  const parsed = parseAccount(account);
  return {
    account,
    kind: parsed?.kind ?? 'unknown',
    partyId: parsed?.partyId ?? account,
    debitFen,
    creditFen,
    balanceFen: parsed ? normalBalanceFen(parsed.kind, debitFen, creditFen) : debitFen - creditFen,
  };
};

export interface Statement {
  readonly partyIds: readonly string[];
  readonly from: string | null;
  readonly to: string | null;
  readonly accounts: readonly {
    readonly account: string;
    readonly kind: string;
    readonly openingFen: number;
    readonly debitFen: number;
    readonly creditFen: number;
    readonly closingFen: number;
  }[];
  readonly entries: readonly {
    readonly entryId: string;
    readonly at: string;
    readonly account: string;
    readonly debitFen: number;
    readonly creditFen: number;
    readonly reason: string;
    readonly source: { readonly kind: string; readonly id: string };
  }[];
}

/** The statement from the lines before the period (opening) and in it. */
export const statementOf = (
  partyIds: readonly string[],
  from: string | null,
  to: string | null,
  before: readonly AccountBalance[],
  during: readonly LedgerLineRow[],
): Statement => {
  const accounts = new Map<string, { opening: AccountBalance; debit: number; credit: number }>();
  for (const b of before) accounts.set(b.account, { opening: b, debit: 0, credit: 0 });
  for (const l of during) {
    const a = accounts.get(l.account) ?? { opening: balanceOf(l.account, 0, 0), debit: 0, credit: 0 };
    accounts.set(l.account, { ...a, debit: a.debit + l.debitFen, credit: a.credit + l.creditFen });
  }
  return {
    partyIds,
    from,
    to,
    accounts: [...accounts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([account, a]) => {
        const closing = balanceOf(account, a.opening.debitFen + a.debit, a.opening.creditFen + a.credit);
        return {
          account,
          kind: closing.kind,
          openingFen: a.opening.balanceFen,
          debitFen: a.debit,
          creditFen: a.credit,
          closingFen: closing.balanceFen,
        };
      }),
    entries: during.map((l) => ({
      entryId: l.entryId,
      at: l.at,
      account: l.account,
      debitFen: l.debitFen,
      creditFen: l.creditFen,
      reason: l.reason,
      source: l.source,
    })),
  };
};

const KIND_LABEL: Record<string, string> = {
  'user-payable': '设备用户应付',
  'manufacturer-payable': '厂商应付',
  'provider-receivable': '服务商应收',
  'platform-fee-income': '平台服务费收入',
  'expert-receivable': '专家应收',
  cash: '平台资金',
};

/** Fen as yuan with two decimals, exactly (no float arithmetic). */
export const yuan = (fen: number): string => {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
};

const period = (s: Statement) => `${s.from ?? '最早'} 至 ${s.to ?? '今日'}`;

export const statementXlsx = (s: Statement): Buffer =>
  writeXlsx(
    [
      ['对账单', period(s)],
      ['账户', '类别', '期初（元）', '借方（元）', '贷方（元）', '期末（元）'],
      ...s.accounts.map((a) => [
        a.account,
        KIND_LABEL[a.kind] ?? a.kind,
        yuan(a.openingFen),
        yuan(a.debitFen),
        yuan(a.creditFen),
        yuan(a.closingFen),
      ]),
      [],
      ['时间', '分录', '账户', '借方（元）', '贷方（元）', '摘要'],
      ...s.entries.map((e) => [e.at, e.entryId, e.account, yuan(e.debitFen), yuan(e.creditFen), e.reason]),
    ],
    { sheetName: '对账单', headerRows: 2 },
  );

export const statementPdf = (s: Statement, partyName: string, now: Date): Buffer => {
  const blocks: ReportBlock[] = [
    { kind: 'title', text: `对账单 · ${partyName}` },
    { kind: 'field', label: '期间', value: period(s) },
    { kind: 'field', label: '生成时间', value: now.toISOString() },
    { kind: 'rule' },
    { kind: 'heading', text: '账户余额' },
    ...s.accounts.map((a): ReportBlock => ({
      kind: 'field',
      label: KIND_LABEL[a.kind] ?? a.kind,
      value: `期初 ¥${yuan(a.openingFen)}  借 ¥${yuan(a.debitFen)}  贷 ¥${yuan(a.creditFen)}  期末 ¥${yuan(a.closingFen)}`,
    })),
    { kind: 'rule' },
    { kind: 'heading', text: '明细' },
    ...(s.entries.length === 0
      ? [{ kind: 'text', text: '本期无记账。' } as ReportBlock]
      : s.entries.map((e): ReportBlock => ({
          kind: 'text',
          text: `${e.at.slice(0, 10)}  ${e.reason}  ${KIND_LABEL[parseAccount(e.account)?.kind ?? ''] ?? e.account}  ${e.debitFen > 0 ? `借 ¥${yuan(e.debitFen)}` : `贷 ¥${yuan(e.creditFen)}`}`,
        }))),
  ];
  return writePdf(
    layoutReport(blocks, (page, pages) => `对账单 · ${partyName} · 第 ${page} / ${pages} 页`),
    { title: `对账单 ${partyName}`, createdAt: now },
  );
};
