import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { HealthController } from './health.controller';

@Module({
  imports: [
    // On SIGTERM readiness turns 503 at once; requests are still served for the drain window, then
    // the server closes (waiting for requests in flight) and the pool after it.
    TerminusModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ gracefulShutdownTimeoutMs: config.shutdownDrainMs }),
    }),
  ],
  controllers: [HealthController],
})
export class HealthModule {}
