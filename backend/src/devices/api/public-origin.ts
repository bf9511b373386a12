import type { FastifyRequest } from 'fastify';

const ORIGIN = /^https?:\/\/[^/\s]+$/;

/**
 * Where the console is reached, for links printed on labels: PUBLIC_ORIGIN when the deployment sets
 * it (the labels then do not depend on the host a request came by), else the request's own origin.
 */
export const requestOrigin = (request: FastifyRequest): string => {
  const configured = process.env['PUBLIC_ORIGIN']?.trim().replace(/\/$/, '');
  if (configured && ORIGIN.test(configured)) return configured;
  const host = String(request.headers['host'] ?? 'localhost');
  const origin = `${request.protocol}://${host}`;
  return ORIGIN.test(origin) ? origin : 'http://localhost';
};
