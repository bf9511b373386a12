import type { FastifyInstance } from 'fastify';

/**
 * The policy of every response: scripts, styles, fonts and data from this origin only, nothing inline.
 * Helmet adds a fresh nonce per response to script-src and style-src; the console's index.html hands
 * the style nonce to Angular (ngCspNonce), which puts it on the component styles it adds at run time.
 */
export const contentSecurityPolicy = {
  enableCSPNonces: true,
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
} as const;

// Apollo's GraphiQL page loads React and GraphiQL from unpkg and boots from an inline script; its
// policy cannot be ours. It is served outside production only, and this policy goes on that page alone.
const GRAPHIQL_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' https://unpkg.com",
  "style-src 'self' 'unsafe-inline' https://unpkg.com",
  "img-src 'self' data: blob:",
  "font-src 'self' data: https://unpkg.com",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** Gives the development GraphiQL page at `path` (an HTML answer to GET) the policy it needs. */
export const relaxPolicyForGraphiql = (fastify: FastifyInstance, path: string): void => {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || request.url.split('?')[0] !== path) return payload;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    reply.header('content-security-policy', GRAPHIQL_POLICY);
    return payload;
  });
};
