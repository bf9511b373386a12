import { Inject } from '@nestjs/common';
import { Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { GraphQLJSONObject } from './json.scalar';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { platformInfo } from '../platform/platform-info';
import { PlatformStatus } from '../platform/platform-status';
import { Access } from '../http/access';

@ObjectType({ description: 'One adapter this process uses (event store, read models, jobs, storage)' })
export class AdapterStatusType {
  @Field() name!: string;
  @Field({ description: 'Which implementation, e.g. embedded-sqlite or eventstoredb' }) kind!: string;
  @Field() up!: boolean;
  @Field() critical!: boolean;
  @Field(() => GraphQLJSONObject, { nullable: true }) detail?: Record<string, unknown>;
}

@ObjectType({ description: 'The running platform: version, role and adapters' })
export class PlatformStatusType {
  @Field() name!: string;
  @Field() version!: string;
  @Field() node!: string;
  @Field() role!: string;
  @Field() environment!: string;
  @Field() startedAt!: string;
  @Field(() => Int) uptimeSeconds!: number;
  @Field(() => [AdapterStatusType]) adapters!: AdapterStatusType[];
}

@Resolver(() => PlatformStatusType)
export class PlatformResolver {
  constructor(
    private readonly status: PlatformStatus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Access.public()
  @Query(() => PlatformStatusType, { description: 'Live status of the platform (public, like /health)' })
  async platform(): Promise<PlatformStatusType> {
    const info = platformInfo();
    return { ...info, role: this.config.role, environment: this.config.nodeEnv, adapters: await this.status.adapters() };
  }
}
