import type { FastifyInstance } from 'fastify';
import type { AccessDeclaration } from './access';

/** A route as Fastify registered it, whoever registered it (Nest, Swagger, Apollo, the console). */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly access?: AccessDeclaration;
}

interface Registry {
  readonly routes: RegisteredRoute[];
  readonly rules: { readonly path: string; readonly access: AccessDeclaration }[];
}

const registries = new WeakMap<FastifyInstance, Registry>();

const registryOf = (fastify: FastifyInstance): Registry => {
  const registry = registries.get(fastify);
  if (!registry) throw new Error('trackRoutes(fastify) must run before routes are registered');
  return registry;
};

/** `/a` covers exactly `/a`; `/a/*` covers `/a` and everything below it. */
const covers = (path: string, url: string) =>
  path.endsWith('/*') ? url === path.slice(0, -2) || url.startsWith(path.slice(0, -1)) : url === path;

/**
 * Records every route Fastify registers from now on. Routes that Nest does not serve (the OpenAPI
 * UI, GraphQL's transport, the console's files) cannot carry Nest metadata; they are declared with
 * declareRawRoutes() where they are registered and carry the declaration in their route config.
 */
export const trackRoutes = (fastify: FastifyInstance): void => {
  if (registries.has(fastify)) return;
  const registry: Registry = { routes: [], rules: [] };
  registries.set(fastify, registry);
  fastify.addHook('onRoute', (options) => {
    const given = (options.config as { access?: AccessDeclaration } | undefined)?.access;
    const access = given ?? registry.rules.find((rule) => covers(rule.path, options.url))?.access;
    if (access) options.config = { ...(options.config ?? {}), access } as typeof options.config;
    for (const method of [options.method].flat()) registry.routes.push({ method, url: options.url, ...(access ? { access } : {}) });
  });
};

/** Declares the access of the routes Fastify registers at `path` (or below it, for `path/*`), now or later. */
export const declareRawRoutes = (fastify: FastifyInstance, path: string, access: AccessDeclaration): void => {
  registryOf(fastify).rules.push({ path, access });
};

/** Every route registered since trackRoutes(). */
export const registeredRoutes = (fastify: FastifyInstance): readonly RegisteredRoute[] => registryOf(fastify).routes;
