// What the virtual users of the HTTP load test do, one row per request kind with its weight. A feature
// adds its queries and commands here by one line each.
import type { HarnessUser } from '../harness/identity-users';

export interface LoadRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
  readonly body?: unknown;
  /** Signed in as the connection's user. */
  readonly auth: boolean;
}

export interface LoadMixRow {
  readonly name: string;
  /** How many of every `sum of weights` requests a connection sends are this one. */
  readonly weight: number;
  build(user: HarnessUser, n: number): LoadRequest;
}

export const LOAD_MIX: readonly LoadMixRow[] = [
  { name: 'GET /api/v1/me', weight: 4, build: () => ({ method: 'GET', path: '/api/v1/me', auth: true }) },
  { name: 'GET /api/v1/auth/sessions', weight: 2, build: () => ({ method: 'GET', path: '/api/v1/auth/sessions', auth: true }) },
  { name: 'GET /api/v1/me/login-log', weight: 2, build: () => ({ method: 'GET', path: '/api/v1/me/login-log?limit=20', auth: true }) },
  { name: 'PATCH /api/v1/me (display name)', weight: 1, build: (_, n) => ({ method: 'PATCH', path: '/api/v1/me', body: { displayName: `load-${n}` }, auth: true }) },
  { name: 'POST /graphql platform', weight: 2, build: () => ({ method: 'POST', path: '/graphql', body: { query: '{ platform { name version role uptimeSeconds } }' }, auth: false }) },
  { name: 'GET /health', weight: 1, build: () => ({ method: 'GET', path: '/health', auth: false }) },
];
