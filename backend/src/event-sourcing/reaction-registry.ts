import { Injectable } from '@nestjs/common';
import type { Dispatch, Reaction } from '@kuaige/projections';
import { PRODUCT_REACTIONS } from './read-side';

/** A reaction's command has no handler: its module registered the reaction without it. */
export class UnknownReactionCommandError extends Error {
  constructor(readonly commandType: string) {
    super(`no reaction command handler registered for ${commandType}`);
    this.name = 'UnknownReactionCommandError';
  }
}

/**
 * The durable reactions this process runs and how their commands reach the command side. A feature
 * module registers its reaction with the handlers of the commands it issues in `onModuleInit` (before
 * the reactor starts, at bootstrap), so that a reaction runs only where its handlers are loaded. Each
 * handler must append under `context.commandId` (AggregateStreams.handle does) and return its receipt.
 */
@Injectable()
export class ReactionRegistry {
  readonly reactions: Reaction[] = [...PRODUCT_REACTIONS];
  private readonly handlers = new Map<string, Dispatch>();

  add(reaction: Reaction, commands: Readonly<Record<string, Dispatch>>): void {
    for (const [type, handler] of Object.entries(commands)) {
      if (this.handlers.has(type)) throw new Error(`reaction command ${type} registered twice`);
      this.handlers.set(type, handler);
    }
    this.reactions.push(reaction);
  }

  readonly dispatch: Dispatch = (command, context) => {
    const handler = this.handlers.get(command.type);
    if (!handler) return Promise.reject(new UnknownReactionCommandError(command.type));
    return handler(command, context);
  };
}
