import { chmod, readdir } from 'node:fs/promises';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from './support/app';
import {
  type PreparedDatabase,
  prepareDatabase,
  type Server,
  startEmbeddedPostgres,
  withClient,
} from './support/postgres-server';

interface ArchiveReport {
  status: string;
  details: {
    wal_archive: {
      status: string;
      message?: string;
      last_archived_wal: string | null;
      last_failed_wal: string | null;
      failed_count: number;
      pending_wal_files: number | null;
    };
  };
}

// A server of its own, whose archive directory the tests can make unwritable, as a full or broken
// archive volume would be.
describe('GET /status reports WAL archiving (wal_archive), as the least-privilege API role sees it', () => {
  let server: Server;
  let prepared: PreparedDatabase;
  let app: INestApplication;
  let archiveDir: string;

  beforeAll(async () => {
    server = await startEmbeddedPostgres();
    archiveDir = server.walArchiveDir!;
    prepared = await prepareDatabase(server.superuserUrl);
    app = await createTestApp(prepared.database.api);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await prepared?.drop();
    await server?.stop();
  });

  /** Commits a transaction, then closes the WAL segment it is in; the segment's name. */
  const closeSegment = () =>
    withClient(server.superuserUrl, async (admin) => {
      await admin.query('SELECT pg_current_xact_id()');
      const { rows } = await admin.query<{ name: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS name');
      return rows[0].name;
    });

  const report = async () => {
    const response = await request(app.getHttpServer()).get('/status');
    return { code: response.status, body: response.body as ArchiveReport };
  };

  async function reportWhen(
    what: string,
    ok: (r: ArchiveReport) => boolean,
  ): Promise<{ code: number; body: ArchiveReport }> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const r = await report();
      if (ok(r.body)) return r;
      if (Date.now() > deadline) throw new Error(`no report with ${what} in 20 s; last: ${JSON.stringify(r.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('is up, with the last archived segment and nothing pending, once a segment is archived', async () => {
    const segment = await closeSegment();

    const { code, body } = await reportWhen(
      `${segment} archived`,
      (b) => b.details.wal_archive.last_archived_wal === segment,
    );

    expect(code).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.details.wal_archive).toMatchObject({ status: 'up', failed_count: 0, pending_wal_files: 0 });
    expect(await readdir(archiveDir)).toContain(segment);
  });

  it('turns degraded, still 200, while the archive is not writable; nothing is lost once it is again', async () => {
    await chmod(archiveDir, 0o555);
    const failed: string[] = [];
    try {
      failed.push(await closeSegment(), await closeSegment());

      const { code, body } = await reportWhen(
        `${failed[0]} failing`,
        (b) => b.details.wal_archive.status === 'degraded',
      );

      expect(code).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.details.wal_archive).toMatchObject({ last_failed_wal: failed[0], pending_wal_files: 2 });
      expect(body.details.wal_archive.failed_count).toBeGreaterThan(0);
      expect(body.details.wal_archive.message).toContain(failed[0]);
      expect(await readdir(archiveDir)).not.toContain(failed[0]);
    } finally {
      await chmod(archiveDir, 0o777);
    }

    // A new segment wakes the archiver, which retries the oldest first.
    const next = await closeSegment();
    const { code, body } = await reportWhen(
      `${next} archived`,
      (b) => b.details.wal_archive.last_archived_wal === next,
    );

    expect(code).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.details.wal_archive).toMatchObject({ status: 'up', pending_wal_files: 0 });
    expect(await readdir(archiveDir)).toEqual(expect.arrayContaining([...failed, next]));
  });
});
