import { ConflictException, Controller, Get, Header, HttpCode, HttpStatus, NotFoundException, Param, Post, Query, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Client, IdempotencyKeyReused, type ClientCommand } from '../../../event-sourcing/client-command';
import { Access } from '../../../http/access';
import { IdentityErrorFilter } from '../../../identity/api/identity-error.filter';
import { CurrentActor, Permit, type Actor } from '../../../tenancy/api/authorization';
import { AuditIntegrity, VerificationRequestReused } from '../application/audit-integrity';
import { ChainBrokenError, DigestRequestReused } from '../digest-signer';
import type { StoredDigest, VerificationRun } from '../integrity-store';
import { KEY_SET_FORMAT, type KeySet } from '../signing-key';
import { PageQueryDto } from './integrity.dto';

const DIGEST = '{ digestId, position, eventCount, headEventId, headHash, streamCount, streamsRoot, chain, store, createdAt, keyId, previousDigestHash, trigger (schedule | api | cli) }';
const RUN = '{ id, state (waiting | running | passed | broken | error), progress (0-100), checked, requestedBy, requestedAt, finishedAt, error, result: { ok, checked, lastPosition, digestsVerified, firstBroken: { kind, position, streamId, eventId, revision, expected, actual, digestId, detail } | null, notes } | null }';

const presentedDigest = (d: StoredDigest) => ({ ...d.file.digest, trigger: d.trigger });
const presentedRun = ({ requestDigest: _digest, ...run }: VerificationRun) => run;

const notFound = (what: string) =>
  new NotFoundException({ statusCode: 404, message: `no such ${what}`, errors: [{ field: 'id', rule: 'exists', message: `no such ${what}` }] });

const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (e) {
    if (e instanceof DigestRequestReused || e instanceof VerificationRequestReused) throw new IdempotencyKeyReused();
    if (e instanceof ChainBrokenError) {
      throw new ConflictException({ statusCode: 409, message: e.message, errors: [{ field: 'log', rule: 'chain-intact', message: e.broken.detail }], firstBroken: e.broken });
    }
    throw e;
  }
};

const pageOf = (query: PageQueryDto) => ({ page: Number(query.page ?? 1), pageSize: Number(query.pageSize ?? 20) });

/** Signed digests of the event log, verification runs and the signing keys (#12), for compliance staff. */
@ApiTags('audit')
@Controller('api/v1/audit')
@UseFilters(IdentityErrorFilter)
export class AuditIntegrityController {
  constructor(private readonly integrity: AuditIntegrity) {}

  @Get('digests')
  @Permit('audit-log:verify')
  @ApiOperation({ summary: 'Signed digests of the event log, newest first' })
  @ApiOkResponse({ description: `{ items: [${DIGEST}], total, page, pageSize }` })
  list(@Query() query: PageQueryDto) {
    const { page, pageSize } = pageOf(query);
    const { items, total } = this.integrity.digests(page, pageSize);
    return { items: items.map(presentedDigest), total, page, pageSize };
  }

  @Get('digests/:id')
  @Permit('audit-log:verify')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Download one digest as a self-contained JSON file: { digest, signature, key } (README: how to verify it outside)' })
  @ApiOkResponse({ description: 'The digest file, as an attachment' })
  download(@Param('id') id: string) {
    const stored = this.integrity.digest(id);
    if (!stored) throw notFound('digest');
    const file = Buffer.from(`${JSON.stringify(stored.file, null, 2)}\n`, 'utf8');
    const name = `kuaige-audit-digest-${stored.file.digest.position}-${stored.file.digest.createdAt.replace(/[:.]/g, '')}.json`;
    return new StreamableFile(file, { type: 'application/json', disposition: `attachment; filename="${name}"`, length: file.length });
  }

  @Post('digests')
  @Permit('audit-log:verify')
  @ApiOperation({ summary: 'Sign a digest of the log head now; 409 chain-intact when the log is already broken (nothing is signed over it)' })
  @ApiCreatedResponse({ description: DIGEST })
  async sign(@Client() client: ClientCommand) {
    const { digest } = await guarded(() => this.integrity.signDigest(client.supplied ? { requestKey: client.idOf('sign-digest'), requestDigest: client.requestDigest ?? null } : {}));
    return presentedDigest(digest);
  }

  @Get('verifications')
  @Permit('audit-log:verify')
  @ApiOperation({ summary: 'The latest verification run, and the latest digest (the console’s integrity state)' })
  @ApiOkResponse({ description: `{ latest: ${RUN} | null, lastDigest: ${DIGEST} | null }` })
  state() {
    const latest = this.integrity.latestVerification();
    const last = this.integrity.lastDigest();
    return { latest: latest ? presentedRun(latest) : null, lastDigest: last ? presentedDigest(last) : null };
  }

  @Post('verifications')
  @HttpCode(HttpStatus.ACCEPTED)
  @Permit('audit-log:verify')
  @ApiOperation({ summary: 'Verify the whole log against every digest and the published keys, as a job; poll GET /api/v1/audit/verifications/:id' })
  @ApiAcceptedResponse({ description: RUN })
  async verify(@CurrentActor() actor: Actor, @Client() client: ClientCommand) {
    const { run } = await guarded(() =>
      this.integrity.startVerification({ requestedBy: actor.userId, ...(client.supplied ? { requestKey: client.key, requestDigest: client.requestDigest ?? null } : {}) }),
    );
    return presentedRun(this.integrity.verification(run.id) ?? run);
  }

  @Get('verifications/:id')
  @Permit('audit-log:verify')
  @ApiOperation({ summary: 'A verification run: state, progress and, when done, the result with the first broken link' })
  @ApiOkResponse({ description: RUN })
  run(@Param('id') id: string) {
    const run = this.integrity.verification(id);
    if (!run) throw notFound('verification');
    return presentedRun(run);
  }

  @Get('keys')
  @Permit('audit-log:verify')
  @ApiOperation({ summary: 'The public signing keys with their validity (as published at /.well-known/kuaige-audit-keys.json)' })
  @ApiOkResponse({ description: '{ format, keys: [{ kty, crv, x, kid, alg, use, validFrom, validUntil }] }' })
  keys(): KeySet {
    return { format: KEY_SET_FORMAT, keys: this.integrity.publicKeys() };
  }
}

/** The public keys for anyone who keeps a digest and wants to check it without an account. */
@ApiTags('audit')
@Controller('.well-known')
export class AuditKeysWellKnownController {
  constructor(private readonly integrity: AuditIntegrity) {}

  @Get('kuaige-audit-keys.json')
  @Access.public()
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'The audit signing keys (Ed25519 JWKs with kid = RFC 7638 thumbprint, validFrom, validUntil): public' })
  @ApiOkResponse({ description: '{ format, keys: [{ kty, crv, x, kid, alg, use, validFrom, validUntil }] }' })
  keys(): KeySet {
    return { format: KEY_SET_FORMAT, keys: this.integrity.publicKeys() };
  }
}
