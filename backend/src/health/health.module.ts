import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { HealthController } from './health.controller';
import { SchemaHealthIndicator } from './schema.health';
import { StartupOutcome } from './startup-outcome';
import { WalArchiveIndicator } from './wal-archive.indicator';

@Module({
  imports: [
    // The drain window of the shutdown sequence (README.md, "Behaviour under failure").
    TerminusModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ gracefulShutdownTimeoutMs: config.shutdownDrainMs }),
    }),
  ],
  controllers: [HealthController],
  providers: [SchemaHealthIndicator, StartupOutcome, WalArchiveIndicator],
})
export class HealthModule {}
