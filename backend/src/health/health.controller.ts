import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, MemoryHealthIndicator, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { SchemaHealthIndicator } from './schema.health';
import { StartupOutcome } from './startup-outcome';
import { WalArchiveIndicator } from './wal-archive.indicator';

// Above the indicator's 1000 ms default: a busy database is slow, not down.
const DATABASE_PING_TIMEOUT_MS = 1500;

@Controller('status')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly memory: MemoryHealthIndicator,
    private readonly schema: SchemaHealthIndicator,
    private readonly startup: StartupOutcome,
    private readonly walArchive: WalArchiveIndicator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Readiness: 200 while the database answers, holds every migration of this version and the heap is
   * below its limit; 503 otherwise, or once shutdown begins. WAL archiving is reported too, never
   * fatal: a failing archive makes the status "degraded", still 200.
   */
  @Get()
  // Also documents both reports (200 and 503) in the OpenAPI document.
  @HealthCheck()
  async readiness() {
    const report = await this.health.check([
      () => this.database.pingCheck('database').withTimeout(DATABASE_PING_TIMEOUT_MS),
      () => this.schema.check('schema', DATABASE_PING_TIMEOUT_MS),
      () => this.memory.checkHeap('memory_heap', this.config.heapLimitBytes),
      () => this.walArchive.check('wal_archive', DATABASE_PING_TIMEOUT_MS),
    ]);
    this.startup.markReady();
    return report;
  }

  /**
   * Liveness: the process serves HTTP. It touches neither the database (an outage there must restart
   * nothing) nor Terminus (which answers 503 while draining: the process is still alive then).
   */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({
    description: 'The process serves HTTP.',
    schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } },
  })
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
