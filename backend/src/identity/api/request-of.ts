import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { IdentifiedRequest } from './caller';

/** The HTTP request behind a REST route or a GraphQL field alike. */
export const requestOf = (context: ExecutionContext): IdentifiedRequest =>
  context.getType<string>() === 'graphql' ? GqlExecutionContext.create(context).getContext<{ req: IdentifiedRequest }>().req : context.switchToHttp().getRequest<IdentifiedRequest>();
