import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  certification,
  certificationStream,
  type CertificationCommand,
  type CertificationEvent,
  type CertificationKind,
  type CertificationState,
} from '@kuaige/domain';
import { BlobReferences } from '../../blobs/blob-references';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { regionsOf, scopedTo } from '../../tenancy/application/event-scope';
import { divisionOfNode } from '../../tenancy/application/operator-node.commands';
import { CERTIFICATION_RULES } from '../rules/certification-rules';
import { realNameOf } from './real-name.commands';
import { checkUploadedFiles, handledBefore } from './uploaded-files';

// ---- A certification's commands on the CommandBus: one message and one thin handler each ----------
// Applying needs the applicant's real-name verification, read from its stream; a review needs the
// reviewer node's division, read from the node's stream. The deciders judge both.

export type CertificationOutcome = CommandResult<CertificationEvent, CertificationState>;
type DataOf<T extends CertificationCommand['type']> = Extract<CertificationCommand, { type: T }>['data'];

export const certifications = certification(CERTIFICATION_RULES);

abstract class CertificationMessage<T extends CertificationCommand['type'], D = DataOf<T>> extends Command<CertificationOutcome> {
  abstract readonly type: T;
  constructor(
    readonly userId: string,
    readonly kind: CertificationKind,
    readonly data: D,
    readonly context: CommandContext,
  ) {
    super();
  }
}

type ReviewData<T extends CertificationCommand['type']> = Omit<DataOf<T>, 'reviewerDivisionCode'>;
export class ApplyForCertification extends CertificationMessage<
  'ApplyForCertification',
  Omit<DataOf<'ApplyForCertification'>, 'userId' | 'kind' | 'realNameStatus'>
> {
  readonly type = 'ApplyForCertification';
}
export class ApproveCertification extends CertificationMessage<'ApproveCertification', ReviewData<'ApproveCertification'>> {
  readonly type = 'ApproveCertification';
}
export class RejectCertification extends CertificationMessage<'RejectCertification', ReviewData<'RejectCertification'>> {
  readonly type = 'RejectCertification';
}
export class RevokeCertification extends CertificationMessage<'RevokeCertification', ReviewData<'RevokeCertification'>> {
  readonly type = 'RevokeCertification';
}

/** Where a user's certification of one kind stands, read from its stream. */
export const certificationOf = async (streams: AggregateStreams, userId: string, kind: CertificationKind): Promise<CertificationState> =>
  (await streams.load(certificationStream(userId, kind), certifications)).state;

/**
 * Applies (or applies again) after deciding it on the current state (pure) and checking that every
 * material is a file the applicant uploaded, as declared: a refused application appends nothing. A
 * retry is answered from the events it recorded.
 */
@CommandHandler(ApplyForCertification)
export class ApplyForCertificationHandler implements ICommandHandler<ApplyForCertification, CertificationOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly blobs: BlobReferences,
  ) {}
  async execute(m: ApplyForCertification) {
    const realNameStatus = (await realNameOf(this.streams, m.userId)).status;
    const command: CertificationCommand = { type: 'ApplyForCertification', data: { ...m.data, userId: m.userId, kind: m.kind, realNameStatus } };
    const stream = certificationStream(m.userId, m.kind);
    const { state, events } = await this.streams.load(stream, certifications);
    if (!handledBefore(events, m.context)) {
      certifications.decide(command, state);
      await checkUploadedFiles(this.blobs, m.data.materials, 'materials', m.userId);
    }
    return this.streams.handle(stream, command, certifications, scopedTo(m.context, [], regionsOf(m.data.countyCode)));
  }
}

@Injectable()
abstract class OnReview<M extends ApproveCertification | RejectCertification | RevokeCertification> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute(m: M): Promise<CertificationOutcome> {
    const reviewerDivisionCode = (await divisionOfNode(this.streams, m.data.reviewerNodeId)) ?? '';
    const command = { type: m.type, data: { ...m.data, reviewerDivisionCode } } as CertificationCommand;
    const state = await certificationOf(this.streams, m.userId, m.kind);
    const jurisdiction = state.status === 'none' ? [] : state.jurisdiction;
    return this.streams.handle(certificationStream(m.userId, m.kind), command, certifications, scopedTo(m.context, [], jurisdiction));
  }
}

@CommandHandler(ApproveCertification)
export class ApproveCertificationHandler extends OnReview<ApproveCertification> {}
@CommandHandler(RejectCertification)
export class RejectCertificationHandler extends OnReview<RejectCertification> {}
@CommandHandler(RevokeCertification)
export class RevokeCertificationHandler extends OnReview<RevokeCertification> {}

export const CERTIFICATION_COMMAND_HANDLERS = [
  ApplyForCertificationHandler,
  ApproveCertificationHandler,
  RejectCertificationHandler,
  RevokeCertificationHandler,
];
