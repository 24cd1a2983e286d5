import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

// Above the indicator's 1000 ms default: a busy database is slow, not down.
const DATABASE_PING_TIMEOUT_MS = 1500;

@Controller('status')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /** Readiness: 200 while the database answers, 503 when it does not (or once shutdown begins). */
  @Get()
  @HealthCheck()
  readiness() {
    return this.health.check([() => this.database.pingCheck('database').withTimeout(DATABASE_PING_TIMEOUT_MS)]);
  }

  /** Liveness: the process serves HTTP. Never touches the database, so an outage there restarts nothing. */
  @Get('live')
  @HealthCheck()
  liveness() {
    return this.health.check([]);
  }
}
