import { destination } from 'pino';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config';

/** Paths that may hold secrets or personal data; pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.code',
  '*.token',
  '*.refreshToken',
  '*.secret',
  '*.smsCode',
  '*.currentPassword',
  '*.mfaToken',
  '*.recoveryCode',
  '*.recoveryCodes',
  '*.accessToken',
];

/**
 * A request's URL as logged: the path, and the query's names with their values left out — a client
 * may put anything in a query string (a phone number, a token), and the log is no place for it.
 */
export const loggedUrl = (url: string): string => {
  const cut = url.indexOf('?');
  if (cut < 0) return url;
  const names = url
    .slice(cut + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => `${pair.split('=')[0]}=*`);
  return `${url.slice(0, cut)}?${names.join('&')}`;
};

/** Structured JSON logs with the request id on every line and no secrets. */
export const loggerOptions = (config: AppConfig): Params => {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Fastify assigns the id (from X-Request-Id or a new UUID) before pino-http sees the request.
    genReqId: (req) => String((req as { id?: unknown }).id ?? ''),
    customProps: () => ({ role: config.role }),
    autoLogging: { ignore: (req) => /^\/(health|ready)(\?|$)/.test(req.url ?? '') },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggedUrl(req.url) }),
      // The status is what an operator reads; every header on every line would only fill the disk.
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  } satisfies Params['pinoHttp'];
  // nestjs-pino's default route pattern ('{/*splat}') matches no request under Nest 12's Fastify
  // adapter, so no request was ever logged; '{*splat}' matches every path.
  const forRoutes = [{ path: '{*splat}', method: RequestMethod.ALL }];
  if (config.logFile === null) return { pinoHttp: options, forRoutes };
  // Tests write synchronously so that the secret scan after the run sees every line, even of a
  // process that is killed; elsewhere a line may wait for the next write.
  return { pinoHttp: [options, destination({ dest: config.logFile, mkdir: true, append: true, sync: config.nodeEnv === 'test' })], forRoutes };
};
