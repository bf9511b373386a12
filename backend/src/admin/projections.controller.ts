import { ConflictException, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Logger } from '@nestjs/common';
import { UnknownProjectionError, type ProjectionStatus, type ReactionStatus } from '@kuaige/projections';
import { ReadSide } from '../event-sourcing/read-side';
import { AdminOnly } from './admin.guard';

/** Operations on the read side of this process: where each projection stands, and rebuilds. */
@ApiTags('operations')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/admin/projections')
export class ProjectionsController {
  private readonly logger = new Logger('ProjectionsController');
  constructor(private readonly readSide: ReadSide) {}

  @Get()
  @ApiOperation({ summary: 'Every projection: state, checkpoint, head of the log, lag' })
  @ApiOkResponse({ description: 'Projection states' })
  async status(): Promise<{ projections: ProjectionStatus[]; reactions: ReactionStatus[] }> {
    const projector = this.requireProjector();
    return { projections: await projector.status(), reactions: (await this.readSide.reactor?.status()) ?? [] };
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild one projection into a fresh collection and switch it in when caught up' })
  @ApiAcceptedResponse({ description: 'Rebuild started (or finished, with ?wait=true)' })
  async rebuild(@Param('name') name: string, @Query('wait') wait?: string): Promise<{ projection: string; state: 'started' | 'finished' }> {
    const projector = this.requireProjector();
    if (!(await projector.status()).some((p) => p.name === name)) throw new UnknownProjectionError(name);
    const rebuilt = projector.rebuild(name);
    if (wait === 'true') {
      await rebuilt;
      return { projection: name, state: 'finished' };
    }
    rebuilt.catch((e: Error) => this.logger.error({ err: e, projection: name }, 'rebuild failed'));
    return { projection: name, state: 'started' };
  }

  private requireProjector() {
    const projector = this.readSide.projector;
    if (!projector) throw new ConflictException('this process does not run the projector (ROLE=api|worker): ask the projector process');
    return projector;
  }
}
