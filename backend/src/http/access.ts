import { ForbiddenException, Injectable, Logger, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/**
 * Who may reach an endpoint. Every REST route and GraphQL field declares one; the global AccessGuard
 * refuses whatever does not (deny by default), and the route-inventory spec fails on it.
 */
export type AccessDeclaration =
  | { readonly kind: 'public' }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'admin-token' }
  | { readonly kind: 'permission'; readonly permission: string }
  /** The /graphql transport route itself: each GraphQL field carries its own declaration. */
  | { readonly kind: 'per-graphql-field' };

/** The one metadata key every declaration sets (class or handler; the handler's wins). */
export const ACCESS_METADATA = 'kuaige:access';

const PERMISSION = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;

const declare = (declaration: AccessDeclaration) => SetMetadata(ACCESS_METADATA, declaration);

/**
 * Access declarations. They only say who may call; enforcing is left to the guard that goes with
 * each kind (identity's Authenticated(), admin's AdminOnly(), tenancy's permissions), which set
 * the declaration themselves, so that saying and checking cannot drift apart.
 */
export const Access = {
  /** Anyone, signed in or not. */
  public: () => declare({ kind: 'public' }),
  /** A live session; used through identity's Authenticated(), which also checks it. */
  authenticated: () => declare({ kind: 'authenticated' }),
  /** The operations token; used through admin's AdminOnly(), which also checks it. */
  adminToken: () => declare({ kind: 'admin-token' }),
  /** A named permission such as `work-order:dispatch`. */
  permission: (permission: string) => {
    if (!PERMISSION.test(permission)) throw new Error(`permission "${permission}" is not of the form subject:action`);
    return declare({ kind: 'permission', permission });
  },
} as const;

/** How a declaration reads in the inventory. */
export const describeAccess = (declaration: AccessDeclaration | undefined): string => {
  if (!declaration) return 'UNDECLARED';
  return declaration.kind === 'permission' ? `permission:${declaration.permission}` : declaration.kind;
};

/** Refused because the endpoint declares no access: a programming error, answered 403 and logged. */
export class AccessUndeclared extends ForbiddenException {
  constructor(readonly endpoint: string) {
    // statusCode in the body lets Nest's Apollo driver answer GraphQL with code FORBIDDEN.
    super({
      statusCode: 403,
      message: `${endpoint} declares no access (Access.public/authenticated/adminToken/permission); refused by default`,
      errors: [{ field: 'endpoint', rule: 'access-declared', message: `${endpoint} declares no access` }],
    });
  }
}

/** Global guard, first of every chain: lets through only endpoints that declare their access. */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const declaration = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (declaration) return true;
    const endpoint = `${context.getClass().name}.${context.getHandler().name} (${context.getType()})`;
    this.logger.error({ endpoint }, 'endpoint without access declaration refused');
    throw new AccessUndeclared(endpoint);
  }
}
