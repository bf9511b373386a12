import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import type { Party } from '../maintenance/party';
import type { KnowledgeEntryCommand } from './knowledge-entry.commands';
import type { KnowledgeContent, KnowledgeEntryEvent } from './knowledge-entry.events';
import { knowledgeEntry, KnowledgeNotYourRole, KnowledgeRuleViolation } from './knowledge-entry';

const given = deciderSpec(knowledgeEntry);
const at = '2026-11-30T02:00:00.000Z';
const entryId = 'kb-1';
const author: Party = { kind: 'enterprise', enterpriseId: 'ent-maker', userId: 'u-author' };
const colleague: Party = { kind: 'enterprise', enterpriseId: 'ent-maker', userId: 'u-reviewer' };
const stranger: Party = { kind: 'enterprise', enterpriseId: 'ent-other', userId: 'u-other' };
const engineer: Party = { kind: 'enterprise', enterpriseId: 'ent-provider', userId: 'u-engineer' };
const providerAdmin: Party = { kind: 'enterprise', enterpriseId: 'ent-provider', userId: 'u-provider-admin' };
const makerAdmin: Party = { kind: 'enterprise', enterpriseId: 'ent-maker', userId: 'u-maker-admin' };
const operator: Party = { kind: 'operator', nodeId: 'node-4403', regionCode: '4403', userId: 'u-op' };

const content: KnowledgeContent = {
  title: '主轴异响：轴承磨损的更换方案',
  deviceType: 'cnc-machine',
  faultType: 'abnormal-noise',
  models: ['VMC-850'],
  symptom: '主轴高速运转时有明显异响并伴随振动',
  cause: '主轴前轴承磨损',
  steps: ['停机断电，拆下主轴护罩', '更换前轴承并按规定预紧', '试运行 30 分钟，测振动值'],
  parts: [{ name: '角接触球轴承 7014', quantity: 2, unit: '个' }],
  tools: ['拉马', '扭力扳手'],
  images: [],
};

const draft = (by: Party = author, ownerType: 'manufacturer' | 'equipment-user' | 'service-provider' | null = 'manufacturer', body: KnowledgeContent = content): KnowledgeEntryCommand => ({
  type: 'DraftKnowledgeEntry',
  data: { entryId, content: body, ownerType, by, at },
});
const drafted: KnowledgeEntryEvent = { type: 'KnowledgeEntryDrafted', data: { entryId, ownerId: 'ent-maker', authorId: 'u-author', reviewerIds: ['ent-maker'], content, source: null, at } };
const proposed = (by: Party = author): KnowledgeEntryEvent => ({ type: 'KnowledgeEntryProposed', data: { by, at } });
const approved: KnowledgeEntryEvent = { type: 'KnowledgeEntryApproved', data: { by: colleague, opinion: '可以', at } };
const published: KnowledgeEntryEvent = { type: 'KnowledgeEntryPublished', data: { by: colleague, at } };
const command = (type: 'ProposeKnowledgeEntry' | 'PublishKnowledgeEntry', by: Party): KnowledgeEntryCommand => ({ type, data: { by, at } });
const approve = (by: Party): KnowledgeEntryCommand => ({ type: 'ApproveKnowledgeEntry', data: { by, opinion: '可以', at } });
const reject = (by: Party, reason = '步骤缺少预紧力矩'): KnowledgeEntryCommand => ({ type: 'RejectKnowledgeEntry', data: { by, reason, at } });

const order = (status: string) => ({ workOrderId: 'wo-1', number: 'WO-20261130-ABCDEF', status, providerId: 'ent-provider', manufacturerId: 'ent-maker' });
const fromOrder = (by: Party, status = 'closed'): KnowledgeEntryCommand => ({ type: 'ProposeFromWorkOrder', data: { entryId, content, workOrder: order(status), by, at } });

describe('knowledge-base entry (stream KnowledgeEntry-<entryId>)', () => {
  describe('drafting', () => {
    it('is drafted by a manufacturer’s person, who owns it and reviews it as its own enterprise', () => {
      given([]).when(draft()).then([drafted]);
    });

    it('is written by manufacturers and service providers, not equipment users', () => {
      given([]).when(draft(stranger, 'equipment-user')).thenThrows(KnowledgeNotYourRole, (e) => expect(e.rule).toBe('owner-type'));
      given([]).when(draft(operator, null)).thenThrows(KnowledgeNotYourRole);
    });

    it('refuses a device type or fault type outside the catalogue, and a plan without steps', () => {
      given([]).when(draft(author, 'manufacturer', { ...content, deviceType: 'time-machine' as 'cnc-machine' })).thenThrows(KnowledgeRuleViolation, (e) => expect([e.rule, e.field]).toEqual(['device-type', 'deviceType']));
      given([]).when(draft(author, 'manufacturer', { ...content, steps: [] })).thenThrows(KnowledgeRuleViolation, (e) => expect(e.field).toBe('steps'));
    });

    it('is drafted once', () => {
      given([drafted]).when(draft()).thenThrows(IllegalTransition);
    });
  });

  describe('review', () => {
    it('is proposed by the owner and approved by a colleague who did not write it', () => {
      given([drafted]).when(command('ProposeKnowledgeEntry', author)).then([proposed()]);
      given([drafted, proposed()]).when(approve(colleague)).then([approved]);
    });

    it('is not reviewed by its author (four eyes), nor by another enterprise', () => {
      given([drafted, proposed()]).when(approve(author)).thenThrows(KnowledgeNotYourRole, (e) => expect(e.rule).toBe('four-eyes'));
      given([drafted, proposed()]).when(approve(stranger)).thenThrows(KnowledgeNotYourRole, (e) => expect(e.rule).toBe('not-your-role'));
    });

    it('is rejected with a reason, revised and proposed again', () => {
      const rejected: KnowledgeEntryEvent = { type: 'KnowledgeEntryRejected', data: { by: colleague, reason: '步骤缺少预紧力矩', at } };
      given([drafted, proposed()]).when(reject(colleague)).then([rejected]);
      given([drafted, proposed()]).when(reject(colleague, ' ')).thenThrows(KnowledgeRuleViolation, (e) => expect(e.field).toBe('reason'));
      const revisedContent = { ...content, steps: [...content.steps, '按 120 N·m 预紧'] };
      given([drafted, proposed(), rejected])
        .when({ type: 'ReviseKnowledgeEntry', data: { content: revisedContent, by: author, at } })
        .then([{ type: 'KnowledgeEntryRevised', data: { content: revisedContent, by: author, at } }]);
      given([drafted, proposed(), rejected]).when(command('ProposeKnowledgeEntry', author)).then([proposed()]);
    });

    it('is not revised while under review or by another enterprise', () => {
      given([drafted, proposed()]).when({ type: 'ReviseKnowledgeEntry', data: { content, by: author, at } }).thenThrows(IllegalTransition);
      given([drafted]).when({ type: 'ReviseKnowledgeEntry', data: { content, by: stranger, at } }).thenThrows(KnowledgeNotYourRole);
    });
  });

  describe('publication', () => {
    it('publishes an approved entry and retires a published one', () => {
      given([drafted, proposed(), approved]).when(command('PublishKnowledgeEntry', author)).then([{ type: 'KnowledgeEntryPublished', data: { by: author, at } }]);
      given([drafted, proposed(), approved, published])
        .when({ type: 'RetireKnowledgeEntry', data: { by: author, reason: '机型停产', at } })
        .then([{ type: 'KnowledgeEntryRetired', data: { by: author, reason: '机型停产', at } }]);
    });

    it('does not publish what was not approved, nor twice', () => {
      given([drafted, proposed()]).when(command('PublishKnowledgeEntry', author)).thenThrows(IllegalTransition);
      given([drafted, proposed(), approved, published]).when(command('PublishKnowledgeEntry', author)).thenThrows(IllegalTransition);
      given([drafted, proposed(), approved]).when(command('PublishKnowledgeEntry', stranger)).thenThrows(KnowledgeNotYourRole);
    });
  });

  describe('proposals from a closed work order', () => {
    const proposal: KnowledgeEntryEvent[] = [
      {
        type: 'KnowledgeEntryDrafted',
        data: { entryId, ownerId: 'ent-provider', authorId: 'u-engineer', reviewerIds: ['ent-maker', 'ent-provider'], content, source: { workOrderId: 'wo-1', number: 'WO-20261130-ABCDEF' }, at },
      },
      proposed(engineer),
    ];

    it('is drafted and proposed at once by the provider’s engineer, for the manufacturer or the provider to review', () => {
      given([]).when(fromOrder(engineer)).then(proposal);
      given(proposal).when(approve(makerAdmin)).then([{ type: 'KnowledgeEntryApproved', data: { by: makerAdmin, opinion: '可以', at } }]);
      given(proposal).when(approve(providerAdmin)).then([{ type: 'KnowledgeEntryApproved', data: { by: providerAdmin, opinion: '可以', at } }]);
      given(proposal).when(approve(engineer)).thenThrows(KnowledgeNotYourRole, (e) => expect(e.rule).toBe('four-eyes'));
    });

    it('waits until the order is closed, and is the provider’s to propose', () => {
      given([]).when(fromOrder(engineer, 'completed')).thenThrows(KnowledgeRuleViolation, (e) => expect([e.rule, e.field]).toEqual(['work-order-closed', 'workOrderId']));
      given([]).when(fromOrder(makerAdmin)).thenThrows(KnowledgeNotYourRole);
      given([]).when({ type: 'ProposeFromWorkOrder', data: { entryId, content, workOrder: null, by: engineer, at } }).thenThrows(KnowledgeRuleViolation, (e) => expect(e.rule).toBe('exists'));
    });
  });
});
