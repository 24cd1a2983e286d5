import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MigrationExecutor } from 'typeorm';

/**
 * Readiness of the schema: up once every migration this version ships is recorded as applied. The
 * migrate job applies them; until it has (the database's first start, a deploy that brings a
 * migration), a replica gets no request, whatever the orchestrator started first (Swarm has no
 * depends_on). Migrations a newer version applied do not matter: they only add (expand/contract).
 */
@Injectable()
export class SchemaHealthIndicator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check<const Key extends string>(key: Key, timeoutMs: number) {
    return this.indicators
      .check(key)
      .attempt(async () => {
        // TypeORM's own reading of its migrations table, which needs no DDL (the API role has none).
        const pending = await new MigrationExecutor(this.dataSource).getPendingMigrations();
        if (pending.length > 0) {
          throw new Error(`not migrated yet: ${pending.map((migration) => migration.name).join(', ')}`);
        }
        return { migrations: this.dataSource.migrations.length };
      })
      .withTimeout(timeoutMs);
  }
}
