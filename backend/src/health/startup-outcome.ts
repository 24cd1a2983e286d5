import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';

/**
 * A replica stopped by a signal before its readiness ever answered 200 exits with code 1: its start
 * failed, and the orchestrator should read it so. Swarm takes a container that exits 0 after failing
 * its start-up health check for one that started (moby's container executor): a start-first update
 * would then stop the old task it was meant to replace instead of rolling back.
 */
@Injectable()
export class StartupOutcome implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Startup');
  private ready = false;

  /** Readiness answered 200 once: from now on a stop is a normal one. */
  markReady(): void {
    this.ready = true;
  }

  beforeApplicationShutdown(signal?: string): void {
    if (signal === undefined || this.ready) return;
    this.logger.warn(`${signal} before readiness ever answered 200: exit code 1, a failed start`);
    // Nest ends its shutdown with process.exit(0); the code is changed on the way out.
    process.once('exit', failedStart);
  }
}

export function failedStart(): void {
  process.exitCode = 1;
}
