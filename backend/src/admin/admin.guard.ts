import { applyDecorators, ForbiddenException, Inject, Injectable, UnauthorizedException, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { resolveAdminToken, tokensEqual } from './admin-token';
import { Access } from '../http/access';

/** Lets through only requests bearing the operations token; everything else is refused. */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly token: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.token = resolveAdminToken(config.adminToken, config.dataDir);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const match = /^Bearer (\S+)$/.exec(header);
    if (!match) throw new UnauthorizedException('the operations API needs Authorization: Bearer <admin token>');
    if (!tokensEqual(match[1]!, this.token)) throw new ForbiddenException('the admin token is not valid');
    return true;
  }
}

/** The operations API: declares admin-token access and checks the token. */
export const AdminOnly = () => applyDecorators(Access.adminToken(), UseGuards(AdminGuard));
