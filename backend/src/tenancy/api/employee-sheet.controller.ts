import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  StreamableFile,
  UseFilters,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../../identity/clock';
import { MEDIA_TYPES, TabularFileError, type SheetFormat } from '../../tabular';
import { ImportEmployees, type ImportReport } from '../application/employee-import.commands';
import { ExportEmployees } from '../read-models/employee-export';
import { CurrentActor, Permit, type Actor } from './authorization';
import { actingContext } from './command-contexts';
import { IdentityErrorFilter } from '../../identity/api/identity-error.filter';
import { OrganisationErrorFilter } from './organisation-error.filter';
import { OrganisationScope } from './organisation-scope';
import { ExportQueryDto, IMPORT_MAX_BYTES, ImportDto } from './organisation.dto';
import { RecordsAccess } from '../../audit/trail/recording/recorded-access';

const fileError = (rule: string, message: string) => new BadRequestException({ message, errors: [{ field: 'file', rule, message }] });

/** RFC 6266: an ASCII name for old clients, the UTF-8 one for the rest. */
const attachment = (name: string, ascii: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** /api/v1/enterprises/:enterpriseId/members/import|export — the employee sheet as CSV or XLSX (ORG-6). */
@ApiTags('organisation')
@Controller('api/v1/enterprises/:enterpriseId/members')
// Signing in is identity's: its refusals (401 and the like) keep their statuses here too.
@UseFilters(IdentityErrorFilter, OrganisationErrorFilter)
export class EmployeeSheetController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly scope: OrganisationScope,
    private readonly clock: Clock,
  ) {}

  @Post('import')
  @HttpCode(HttpStatus.OK)
  // 2 MB as base64, with room for the rest of the JSON.
  @RouteConfig({ bodyLimit: Math.ceil(IMPORT_MAX_BYTES / 3) * 4 + 64 * 1024 })
  @Permit('member:create')
  @ApiOperation({
    summary:
      'Import the employee sheet (JSON: fileName .csv|.xlsx, contentBase64 ≤ 2 MB): row by row, employees get department and roles, other registered people are invited',
  })
  @ApiOkResponse({
    description:
      '{ imported, updated: [{ row, userId }], invited: [{ row, userId, token, expiresAt }], rejected: [{ row, field, rule, message }] }',
  })
  async import(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Body() dto: ImportDto,
    @Client() client: ClientCommand,
  ): Promise<ImportReport> {
    await this.scope.enterprise(actor, 'create', 'Member', enterpriseId);
    // Roles in a sheet are assignments: they need what assigning them one by one needs.
    await this.scope.enterprise(actor, 'assign', 'Member', enterpriseId);
    const bytes = Buffer.from(dto.contentBase64, 'base64');
    if (bytes.length === 0) throw fileError('empty-file', 'the file is empty');
    if (bytes.length > IMPORT_MAX_BYTES) throw fileError('file-too-large', 'the file is larger than 2 MB: split it');
    const format = dto.fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
    const now = this.clock.now();
    try {
      const report = await this.commands.execute(
        new ImportEmployees(
          { enterpriseId, importedBy: actor.userId, bytes, format, at: now.toISOString() },
          actingContext(client, 'import', actor, now),
        ),
      );
      await this.scope.caughtUp();
      return report;
    } catch (error) {
      if (error instanceof TabularFileError) throw fileError(error.rule, error.message);
      throw error;
    }
  }

  @Get('export')
  @Permit('member:read')
  @RecordsAccess({ kind: 'export', resource: 'employees', defaultFormat: 'xlsx' })
  @ApiOperation({
    summary:
      'The active employees as the employee sheet (?format=csv|xlsx&language=zh-CN|en); whole phone numbers only with member:read-sensitive',
  })
  @ApiProduces(MEDIA_TYPES.xlsx, MEDIA_TYPES.csv)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  async export(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Query() query: ExportQueryDto,
  ): Promise<StreamableFile> {
    await this.scope.enterprise(actor, 'read', 'Member', enterpriseId);
    const format: SheetFormat = query.format ?? 'xlsx';
    const language = query.language ?? 'zh-CN';
    const file = await this.queries.execute(new ExportEmployees(actor, enterpriseId, format, language));
    const day = this.clock.now().toISOString().slice(0, 10);
    return new StreamableFile(file, {
      type: MEDIA_TYPES[format],
      disposition: attachment(`${language === 'zh-CN' ? '员工' : 'employees'}-${day}.${format}`, `employees-${day}.${format}`),
      length: file.length,
    });
  }
}
