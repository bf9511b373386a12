import { Inject } from '@nestjs/common';
import { Context, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { GraphQLJSONObject } from './json.scalar';
import { AdminCredentials } from '../admin/admin-credentials';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { platformInfo } from '../platform/platform-info';
import { PlatformStatus } from '../platform/platform-status';
import { Access } from '../http/access';

const ADMIN_ONLY = 'null unless the request bears the admin token (Authorization: Bearer <admin token>)';

@ObjectType({ description: 'One adapter this process uses (event store, read models, jobs, storage)' })
export class AdapterStatusType {
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: `Which implementation, e.g. embedded-sqlite or eventstoredb; ${ADMIN_ONLY}` })
  kind!: string | null;
  @Field() up!: boolean;
  @Field() critical!: boolean;
  @Field(() => GraphQLJSONObject, { nullable: true, description: ADMIN_ONLY }) detail!: Record<string, unknown> | null;
}

@ObjectType({ description: 'The running platform: whether each adapter is up; version, role and details for operators' })
export class PlatformStatusType {
  @Field() name!: string;
  @Field({ description: 'Whether the fields marked admin-only were filled in (the admin token was presented)' }) detailed!: boolean;
  @Field(() => String, { nullable: true, description: ADMIN_ONLY }) version!: string | null;
  @Field(() => String, { nullable: true, description: ADMIN_ONLY }) node!: string | null;
  @Field(() => String, { nullable: true, description: ADMIN_ONLY }) role!: string | null;
  @Field(() => String, { nullable: true, description: ADMIN_ONLY }) environment!: string | null;
  @Field(() => String, { nullable: true, description: ADMIN_ONLY }) startedAt!: string | null;
  @Field(() => Int, { nullable: true, description: ADMIN_ONLY }) uptimeSeconds!: number | null;
  @Field(() => [AdapterStatusType]) adapters!: AdapterStatusType[];
}

@Resolver(() => PlatformStatusType)
export class PlatformResolver {
  constructor(
    private readonly status: PlatformStatus,
    private readonly admin: AdminCredentials,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Access.public()
  @Query(() => PlatformStatusType, { description: 'Live status of the platform (public, like /health; details for operators)' })
  async platform(@Context('req') req: FastifyRequest): Promise<PlatformStatusType> {
    const adapters = await this.status.adapters();
    const { name, version, node, startedAt, uptimeSeconds } = platformInfo();
    if (!this.admin.presentedIn(req.headers.authorization)) {
      return {
        name,
        detailed: false,
        ...{ version: null, node: null, role: null, environment: null, startedAt: null, uptimeSeconds: null },
        adapters: adapters.map((a) => ({ name: a.name, kind: null, up: a.up, critical: a.critical, detail: null })),
      };
    }
    return {
      name,
      detailed: true,
      ...{ version, node, role: this.config.role, environment: this.config.nodeEnv, startedAt, uptimeSeconds },
      adapters: adapters.map((a) => ({ name: a.name, kind: a.kind, up: a.up, critical: a.critical, detail: a.detail ?? null })),
    };
  }
}
