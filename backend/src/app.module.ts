import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { ItemsModule } from './items/items.module';
import { MetricsModule } from './metrics/metrics.module';

@Module({})
export class AppModule {
  /** Configuration is loaded and validated by the caller (main.ts or a test) and passed in. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // The entities are those the feature modules register with TypeOrmModule.forFeature.
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.database), autoLoadEntities: true }),
        HealthModule,
        MetricsModule,
        ItemsModule,
      ],
    };
  }
}
