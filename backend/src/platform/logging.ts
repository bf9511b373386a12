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

/** Structured JSON logs with the request id on every line and no secrets. */
export const loggerOptions = (config: AppConfig): Params => ({
  pinoHttp: {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Fastify assigns the id (from X-Request-Id or a new UUID) before pino-http sees the request.
    genReqId: (req) => String((req as { id?: unknown }).id ?? ''),
    customProps: () => ({ role: config.role }),
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
    },
  },
});
