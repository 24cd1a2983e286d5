import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The server's WAL archiving, from pg_stat_archiver and functions every role may use. */
interface ArchiverRow {
  archive_mode: string;
  archived_count: string;
  last_archived_wal: string | null;
  last_archived_time: Date | null;
  failed_count: string;
  last_failed_wal: string | null;
  last_failed_time: Date | null;
  current_wal: string | null;
  wal_segment_size: string;
}

const ARCHIVER_QUERY = `
  SELECT current_setting('archive_mode') AS archive_mode,
         a.archived_count, a.last_archived_wal, a.last_archived_time,
         a.failed_count, a.last_failed_wal, a.last_failed_time,
         CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_walfile_name(pg_current_wal_insert_lsn()) END AS current_wal,
         (SELECT setting FROM pg_settings WHERE name = 'wal_segment_size') AS wal_segment_size
    FROM pg_stat_archiver a`;

// A segment's name: timeline, then the segment number as two 32-bit halves (a .partial or .backup
// file starts with the segment it belongs to; a timeline .history file has no segment).
const SEGMENT_NAME = /^[0-9A-F]{8}([0-9A-F]{8})([0-9A-F]{8})/;

function segmentNumber(name: string | null, segmentSize: number): number | undefined {
  const match = name ? SEGMENT_NAME.exec(name) : null;
  return match ? parseInt(match[1], 16) * (2 ** 32 / segmentSize) + parseInt(match[2], 16) : undefined;
}

/**
 * WAL archiving, for point-in-time recovery: `up` while completed segments reach the archive,
 * `degraded` when the last attempt failed or archiving is off. Degraded keeps readiness at 200 (the
 * API serves; taking it out of rotation would not fix the archive) and turns the report's status
 * to "degraded", which `make health` and monitoring act on. `pending_wal_files` counts the
 * completed segments not archived yet: the server keeps them until they are, so it grows while
 * archiving fails, and so does the database's disk use.
 */
@Injectable()
export class WalArchiveIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async check<const Key extends string>(key: Key, timeoutMs: number): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.health.check(key);
    let row: ArchiverRow;
    try {
      row = await withTimeout(this.dataSource.query<ArchiverRow[]>(ARCHIVER_QUERY), timeoutMs).then(([r]) => r);
    } catch (error) {
      return indicator.degraded({ message: `archiver state unknown: ${(error as Error).message}` });
    }
    const segmentSize = Number(row.wal_segment_size);
    const current = segmentNumber(row.current_wal, segmentSize);
    const archived = segmentNumber(row.last_archived_wal, segmentSize);
    const details = {
      archived_count: Number(row.archived_count),
      last_archived_wal: row.last_archived_wal,
      last_archived_at: row.last_archived_time,
      failed_count: Number(row.failed_count),
      last_failed_wal: row.last_failed_wal,
      last_failed_at: row.last_failed_time,
      // The segment being written is not due yet.
      pending_wal_files: current !== undefined && archived !== undefined ? Math.max(0, current - archived - 1) : null,
    };
    if (row.archive_mode === 'off') {
      return indicator.degraded({ ...details, message: 'WAL archiving is off: no point-in-time recovery' });
    }
    const failing =
      row.last_failed_time !== null &&
      (row.last_archived_time === null || row.last_failed_time > row.last_archived_time);
    if (failing) {
      return indicator.degraded({
        ...details,
        message: `archiving ${row.last_failed_wal} failed (last attempt ${row.last_failed_time?.toISOString()}; the database's log says why); the server keeps the WAL and retries`,
      });
    }
    return indicator.up(details);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
