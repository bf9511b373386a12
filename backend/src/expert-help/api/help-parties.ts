import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { EXPERT_HELPS_COLLECTION, type ExpertHelpRow } from '../read-models/expert-help.projections';

/** Projections a step's answer reads: wait for them to pass the step's own write. */
export const HELP_PROJECTIONS = ['expert_helps', 'expert_chat_messages', 'expert_help_files', 'experts'];

/** No such help, or the caller is neither of its two parties: both answer alike. */
export class ExpertHelpNotFound extends NotFoundException {
  constructor() {
    const message = 'no such expert help of yours';
    super({ statusCode: 404, message, errors: [{ field: 'id', rule: 'exists', message }] });
  }
}

/** Finds a help for one of its two parties (the engineer who asked, the expert asked). */
@Injectable()
export class HelpParties {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async helpOf(helpId: string, userId: string): Promise<ExpertHelpRow> {
    const find = () => this.store.collection<ExpertHelpRow>(EXPERT_HELPS_COLLECTION).findOne({ $and: [{ _id: helpId }, visibleRows] });
    // A help requested a moment ago may not be projected yet: wait for the read side once, briefly.
    let row = await find();
    if (!row) {
      await this.freshness.caughtUp(['expert_helps']);
      row = await find();
    }
    if (!row || (row.engineerId !== userId && row.expertId !== userId)) throw new ExpertHelpNotFound();
    return row;
  }

  /** The help after the caller's own write has been projected. */
  async after(helpId: string, userId: string, position: number): Promise<ExpertHelpRow> {
    await this.freshness.reached(HELP_PROJECTIONS, position);
    return this.helpOf(helpId, userId);
  }
}
