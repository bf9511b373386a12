import { Command, CommandBus, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CertificationKind, CertificationState, IdPhoto, Material, RealNameVerificationState } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../../identity/clock';
import type { Caller } from '../../identity/application/session-control';
import { PersonalData } from '../../identity/personal-data';
import { ApplyForCertification, certificationOf } from './certification.commands';
import { realNameOf, SubmitRealNameVerification } from './real-name.commands';

// ---- What a signed-in user does with their own qualifications (个人空间 · 资质认证) ----------------
// Read from the streams, not the read models: the applicant sees their own submission at once.

/** My applications as I see them: the name and ID number masked, never in full. */
export interface MyQualifications {
  readonly realName: ReturnType<typeof realNameView>;
  readonly engineer: ReturnType<typeof certificationView>;
  readonly expert: ReturnType<typeof certificationView>;
  /** The roles this account holds now; they coexist (S3 三.一.1(4)). */
  readonly roles: readonly ('real-name-verified' | CertificationKind)[];
}

const realNameView = (s: RealNameVerificationState) =>
  s.status === 'none'
    ? { status: s.status, history: s.history }
    : {
        status: s.status,
        realName: s.realNameMasked,
        idNumber: s.idNumberMasked,
        photos: s.photos,
        countyCode: s.countyCode,
        submittedAt: s.submittedAt,
        review: s.lastReview,
        history: s.history,
      };

const certificationView = (s: CertificationState) =>
  s.status === 'none'
    ? { status: s.status, history: s.history }
    : {
        status: s.status,
        materials: s.materials,
        skills: s.skills,
        years: s.years,
        countyCode: s.countyCode,
        submittedAt: s.submittedAt,
        approvedAt: s.approvedAt,
        review: s.lastReview,
        history: s.history,
      };

export class GetMyQualifications extends Query<MyQualifications> {
  constructor(readonly caller: Caller) {
    super();
  }
}

@QueryHandler(GetMyQualifications)
export class GetMyQualificationsHandler implements IQueryHandler<GetMyQualifications, MyQualifications> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute({ caller }: GetMyQualifications): Promise<MyQualifications> {
    const [realName, engineer, expert] = await Promise.all([
      realNameOf(this.streams, caller.userId),
      certificationOf(this.streams, caller.userId, 'engineer'),
      certificationOf(this.streams, caller.userId, 'expert'),
    ]);
    return {
      realName: realNameView(realName),
      engineer: certificationView(engineer),
      expert: certificationView(expert),
      roles: [
        ...(realName.status === 'approved' ? (['real-name-verified'] as const) : []),
        ...(engineer.status === 'approved' ? (['engineer'] as const) : []),
        ...(expert.status === 'approved' ? (['expert'] as const) : []),
      ],
    };
  }
}

export interface RealNameInput {
  readonly realName: string;
  readonly idNumber: string;
  readonly photos: readonly IdPhoto[];
  readonly countyCode: string;
}

/** I submit (or, after a rejection, resubmit) my real name, ID number and ID card photos. */
export class SubmitMyRealName extends Command<void> {
  constructor(
    readonly caller: Caller,
    readonly input: RealNameInput,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(SubmitMyRealName)
export class SubmitMyRealNameHandler implements ICommandHandler<SubmitMyRealName, void> {
  constructor(
    private readonly bus: CommandBus,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
  ) {}

  private indexOf(idNumber: string): string {
    try {
      return this.personal.residentIdIndex(idNumber);
    } catch {
      return '';
    }
  }

  async execute({ caller, input, client }: SubmitMyRealName): Promise<void> {
    const now = this.clock.now();
    const realName = input.realName.trim();
    const idNumber = input.idNumber.trim().toUpperCase();
    // Sealed under the account, as identity keeps the profile's real name; a number too malformed to
    // index gets no index, and the decider refuses it with the check that failed.
    const idNumberIndex = this.indexOf(idNumber);
    const sealed = {
      realNameEncrypted: this.personal.encrypt(caller.userId, 'real_name', realName),
      idNumberEncrypted: this.personal.encrypt(caller.userId, 'id_number', idNumber),
      idNumberIndex,
    };
    await this.bus.execute(
      new SubmitRealNameVerification(
        caller.userId,
        { realName, idNumber, sealed, photos: input.photos, countyCode: input.countyCode, at: now.toISOString() },
        client.context('real-name', { userId: caller.userId, ip: caller.ip }, now),
      ),
    );
  }
}

export interface CertificationInput {
  readonly kind: CertificationKind;
  readonly materials: readonly Material[];
  readonly skills: readonly string[];
  readonly years: number;
  readonly countyCode: string;
}

/** I apply (or apply again) for certification as an engineer or an expert. */
export class ApplyForMyCertification extends Command<void> {
  constructor(
    readonly caller: Caller,
    readonly input: CertificationInput,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(ApplyForMyCertification)
export class ApplyForMyCertificationHandler implements ICommandHandler<ApplyForMyCertification, void> {
  constructor(
    private readonly bus: CommandBus,
    private readonly clock: Clock,
  ) {}

  async execute({ caller, input, client }: ApplyForMyCertification): Promise<void> {
    const now = this.clock.now();
    const { kind, materials, skills, years, countyCode } = input;
    await this.bus.execute(
      new ApplyForCertification(
        caller.userId,
        kind,
        { materials, skills, years, countyCode, at: now.toISOString() },
        client.context(`certification-${kind}`, { userId: caller.userId, ip: caller.ip }, now),
      ),
    );
  }
}

export const MY_QUALIFICATION_HANDLERS = [GetMyQualificationsHandler, SubmitMyRealNameHandler, ApplyForMyCertificationHandler];
