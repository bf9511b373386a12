import { Controller, Get, Headers, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { AdminCredentials } from '../admin/admin-credentials';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { PlatformStatus } from '../platform/platform-status';
import { platformInfo } from '../platform/platform-info';
import { Readiness } from '../platform/readiness';
import { publicHealth, type PublicHealthReport } from './public-health';
import { Access } from '../http/access';

export interface HealthReport extends HealthCheckResult {
  readonly platform: ReturnType<typeof platformInfo> & { role: string; environment: string };
  readonly waitingFor?: readonly string[];
}

/**
 * Liveness and readiness, with the adapters this process actually uses and their state; their details
 * and the process's facts only for `Authorization: Bearer <admin token>`.
 */
@ApiTags('platform')
@ApiBearerAuth()
@Access.public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: Readiness,
    private readonly status: PlatformStatus,
    private readonly admin: AdminCredentials,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness and the state of every adapter in use' })
  @ApiOkResponse({ description: 'Up, or degraded when a non-critical adapter is down; details with the admin token' })
  @ApiServiceUnavailableResponse({ description: 'A critical adapter is down' })
  async liveness(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('authorization') authorization?: string,
  ): Promise<HealthReport | PublicHealthReport> {
    const report = await this.report(reply, false);
    return this.admin.presentedIn(authorization) ? report : publicHealth(report);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: critical adapters up and start-up work (read-model rebuild) finished' })
  @ApiOkResponse({ description: 'Ready to serve' })
  @ApiServiceUnavailableResponse({ description: 'Not ready yet, or a critical adapter is down' })
  async ready(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('authorization') authorization?: string,
  ): Promise<HealthReport | PublicHealthReport> {
    const report = await this.report(reply, true);
    return this.admin.presentedIn(authorization) ? report : publicHealth(report);
  }

  private async report(reply: FastifyReply, readiness: boolean): Promise<HealthReport> {
    const adapters = await this.status.adapters();
    const checks = adapters.map((adapter) => async () => {
      const session = this.indicators.check(adapter.name);
      const data = { kind: adapter.kind, critical: adapter.critical, ...adapter.detail };
      if (adapter.up) return session.up(data);
      return adapter.critical ? session.down(data) : session.degraded(data);
    });
    let result: HealthCheckResult;
    try {
      result = await this.health.check(checks);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      result = e.getResponse() as HealthCheckResult;
    }
    const waitingFor = this.readiness.waitingFor;
    const notReady = readiness && waitingFor.length > 0;
    const failed = result.status === 'error' || notReady;
    reply.status(failed ? 503 : 200);
    return {
      ...result,
      status: notReady && result.status !== 'error' ? 'error' : result.status,
      platform: { ...platformInfo(), role: this.config.role, environment: this.config.nodeEnv },
      ...(readiness ? { waitingFor } : {}),
    };
  }
}
