// KNOWN DEFECTS BEING FIXED ON BRANCH http-edge. The lead removes this list (and its uses in the fuzz
// specs) after merging that branch; until then these exact answers are not reported by the fuzzer,
// and everything else still is.
import type { KnownDefect } from './fuzz-harness';

export const KNOWN_DEFECTS_FIXED_ON_HTTP_EDGE: readonly KnownDefect[] = [
  {
    name: 'deeply nested JSON is answered 500 (http-edge adds a depth-limited JSON parser)',
    matches: (c, a) => a.status === 500 && /(\[|\{"a":){200}/.test(c.payload ?? ''),
  },
  {
    name: 'PATCH /api/v1/me with null names is answered 500',
    matches: (c, a) => a.status === 500 && c.method === 'PATCH' && c.url.startsWith('/api/v1/me') && /"(displayName|realName)":null/.test(c.payload ?? ''),
  },
  {
    name: 'application/x-www-form-urlencoded bodies are accepted (http-edge refuses them with 415)',
    matches: (c, a) => a.status < 400 && (c.contentType ?? '').startsWith('application/x-www-form-urlencoded'),
  },
];
