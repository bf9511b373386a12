import { Logger, RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { isObjectType } from 'graphql';
import { ACCESS_METADATA, describeAccess, type AccessDeclaration } from './access';
import { sendErrorBody } from './error-body.filter';
import { declareRawRoutes, registeredRoutes, trackRoutes } from './raw-routes';

/** One endpoint of the running application and who may reach it. */
export interface InventoryEntry {
  /** HTTP method, or `QUERY` / `MUTATION` / `SUBSCRIPTION` for a GraphQL field. */
  readonly method: string;
  /** URL pattern, or the GraphQL field name. */
  readonly path: string;
  readonly access?: AccessDeclaration;
  /** Where it is served: a Nest controller method, a resolver method, or a raw Fastify route. */
  readonly servedBy: string;
  /** Names of the guards on the handler and its class (Nest endpoints only). */
  readonly guards: readonly string[];
  readonly summary?: string;
}

const API_OPERATION = 'swagger/apiOperation';
const RESOLVER_TYPE = 'graphql:resolver_type';
const RESOLVER_NAME = 'graphql:resolver_name';
const GRAPHQL_ROOTS = ['Query', 'Mutation', 'Subscription'] as const;

const joinPath = (...parts: string[]) => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;
const first = (value: unknown): string => (Array.isArray(value) ? String(value[0] ?? '') : String(value ?? ''));
const guardNames = (...targets: object[]): string[] =>
  targets.flatMap((t) => ((Reflect.getMetadata(GUARDS_METADATA, t) as unknown[] | undefined) ?? []).map((g) => (typeof g === 'function' ? g.name : g?.constructor?.name ?? '?')));
const accessOf = (handler: object, cls: object): AccessDeclaration | undefined =>
  (Reflect.getMetadata(ACCESS_METADATA, handler) as AccessDeclaration | undefined) ?? (Reflect.getMetadata(ACCESS_METADATA, cls) as AccessDeclaration | undefined);

interface Handler {
  readonly cls: Type;
  readonly name: string;
  readonly fn: object;
}

const handlersOf = (app: INestApplication, kind: 'controllers' | 'providers'): Handler[] => {
  const scanner = new MetadataScanner();
  const seen = new Set<unknown>();
  const found: Handler[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module[kind].values()) {
      const cls = wrapper.metatype as Type | undefined;
      if (!cls?.prototype || seen.has(cls)) continue;
      seen.add(cls);
      for (const name of scanner.getAllMethodNames(cls.prototype)) {
        found.push({ cls, name, fn: (cls.prototype as Record<string, object>)[name]! });
      }
    }
  }
  return found;
};

/** The REST routes Nest serves, from the controllers' metadata. */
const nestRoutes = (app: INestApplication): InventoryEntry[] =>
  handlersOf(app, 'controllers')
    .filter((h) => Reflect.hasMetadata(METHOD_METADATA, h.fn))
    .map((h) => {
      const summary = (Reflect.getMetadata(API_OPERATION, h.fn) as { summary?: string } | undefined)?.summary;
      const access = accessOf(h.fn, h.cls);
      return {
        method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, h.fn) as RequestMethod],
        path: joinPath(first(Reflect.getMetadata(PATH_METADATA, h.cls)), first(Reflect.getMetadata(PATH_METADATA, h.fn))),
        ...(access ? { access } : {}),
        servedBy: `${h.cls.name}.${h.name}`,
        guards: guardNames(h.cls, h.fn),
        ...(summary ? { summary } : {}),
      };
    });

/** Every root field of the GraphQL schema, with the resolver method that serves it (if any). */
const graphqlFields = (app: INestApplication): InventoryEntry[] => {
  let schema;
  try {
    schema = app.get(GraphQLSchemaHost).schema;
  } catch {
    return []; // roles without the API serve no GraphQL
  }
  const resolvers = handlersOf(app, 'providers').filter((h) => Reflect.hasMetadata(RESOLVER_TYPE, h.fn));
  return GRAPHQL_ROOTS.flatMap((root) => {
    const type = schema.getType(root);
    if (!type || !isObjectType(type)) return [];
    return Object.values(type.getFields()).map((field) => {
      const h = resolvers.find((r) => Reflect.getMetadata(RESOLVER_TYPE, r.fn) === root && (Reflect.getMetadata(RESOLVER_NAME, r.fn) ?? r.name) === field.name);
      const access = h ? accessOf(h.fn, h.cls) : undefined;
      return {
        method: root.toUpperCase(),
        path: field.name,
        ...(access ? { access } : {}),
        servedBy: h ? `${h.cls.name}.${h.name}` : 'no resolver method',
        guards: h ? guardNames(h.cls, h.fn) : [],
        ...(field.description ? { summary: field.description } : {}),
      };
    });
  });
};

const fastifyOf = (app: INestApplication): FastifyInstance => (app as NestFastifyApplication).getHttpAdapter().getInstance();

/**
 * Every REST route and GraphQL root field of the running application with its access declaration:
 * Nest's controllers, the routes others registered on Fastify directly, and the schema's fields.
 */
export const routeInventory = (app: INestApplication): InventoryEntry[] => {
  const nest = nestRoutes(app);
  const nestKeys = new Set(nest.map((r) => `${r.method} ${r.path}`));
  const raw = registeredRoutes(fastifyOf(app));
  const gets = new Set(raw.filter((r) => r.method === 'GET').map((r) => r.url));
  const others = raw
    // Fastify adds a HEAD route for every GET; it is the same endpoint.
    .filter((r) => !(r.method === 'HEAD' && gets.has(r.url)) && !nestKeys.has(`${r.method} ${r.url}`))
    .map((r): InventoryEntry => ({ method: r.method, path: r.url, ...(r.access ? { access: r.access } : {}), servedBy: 'fastify route', guards: [] }));
  const key = (e: InventoryEntry) => `${e.path} ${e.method}`;
  const rest = [...nest, ...others].sort((a, b) => key(a).localeCompare(key(b)));
  return [...rest, ...graphqlFields(app)];
};

/** Entries that declare nothing: each is refused at run time and must be declared. */
export const undeclared = (inventory: readonly InventoryEntry[]) => inventory.filter((e) => !e.access);

/** The inventory as a Markdown table, as written to docs/api-surface.md. */
export const inventoryTable = (inventory: readonly InventoryEntry[]): string =>
  [
    '| Method | Path | Access | Summary |',
    '| --- | --- | --- | --- |',
    ...inventory.map((e) => `| ${e.method} | \`${e.path}\` | ${describeAccess(e.access)} | ${(e.summary ?? '').replace(/\|/g, '\\|')} |`),
  ].join('\n');

/**
 * Deny by default for the routes Nest's guards never see: a Fastify route that is neither Nest's
 * (whose AccessGuard decides) nor declared with declareRawRoutes() is refused.
 */
export const refuseUndeclaredRawRoutes = (app: INestApplication): void => {
  const logger = new Logger('AccessGuard');
  let nestKeys: Set<string> | undefined;
  fastifyOf(app).addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    if (url === undefined || (request.routeOptions.config as { access?: unknown }).access) return;
    nestKeys ??= new Set(nestRoutes(app).map((r) => `${r.method} ${r.path}`));
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    if (nestKeys.has(`${method} ${url}`)) return;
    const endpoint = `${request.method} ${url}`;
    logger.error({ endpoint }, 'route without access declaration refused');
    const message = `${endpoint} declares no access; refused by default`;
    return sendErrorBody(reply, request, { statusCode: 403, message, errors: [{ field: 'endpoint', rule: 'access-declared', message }] });
  });
};

/**
 * Call before any route is registered: records every Fastify route for the inventory, refuses the
 * undeclared ones, and declares GraphQL's transport route (its fields declare their own access).
 */
export const installAccessControl = (app: INestApplication): void => {
  const fastify = fastifyOf(app);
  trackRoutes(fastify);
  refuseUndeclaredRawRoutes(app);
  declareRawRoutes(fastify, '/graphql', { kind: 'per-graphql-field' });
};
