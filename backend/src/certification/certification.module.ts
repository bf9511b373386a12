import { Module } from '@nestjs/common';
import { CERTIFICATION_COMMAND_HANDLERS } from './application/certification.commands';
import { REAL_NAME_COMMAND_HANDLERS } from './application/real-name.commands';
import { CERTIFICATION_PROJECTIONS } from './read-models/certification.projections';

/** The projections of the certification read models, for the read side that runs them. */
export const CERTIFICATION_READ_MODELS = Symbol('CERTIFICATION_READ_MODELS');

/**
 * Real-name verification and engineer/expert certification (ID-6, ID-7): the command side on the
 * CommandBus and the read models' projections. Needs the global EventSourcingModule (AggregateStreams).
 */
@Module({
  providers: [...REAL_NAME_COMMAND_HANDLERS, ...CERTIFICATION_COMMAND_HANDLERS, { provide: CERTIFICATION_READ_MODELS, useValue: CERTIFICATION_PROJECTIONS }],
  exports: [CERTIFICATION_READ_MODELS],
})
export class CertificationModule {}
