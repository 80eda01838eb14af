import type { Viewer } from '../auth/viewer.js';
import type { Clock } from '../clock.js';
import type { Context } from '../context.js';
import type { Database } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import type { ImportIssue, ImportReport, ImportRequest } from '../feeds/report.js';
import type { Logger } from '../logger.js';
import { type Answer, failure, progress, success } from './answers.js';
import type { ExchangeStore } from './store.js';
import type { ExchangeSessionRow, ExchangeUploadRow } from './tables.js';
import { feedFileOf, isFeedFile } from './uploads.js';

/** The feeds importer, as `src/feeds/service.ts` exports it. */
export type ImportFeed = (
  ctx: Context,
  distributorId: number,
  request: ImportRequest,
) => Promise<ImportReport>;

/** How long imports are waited for and watched. */
export interface ImportTimings {
  /** How long `mode=import` waits for its import before it answers `progress`. */
  waitMs: number;
  /** How often a running import shows it is alive. */
  heartbeatMs: number;
  /** A running import silent this long was interrupted (its process went away). */
  staleMs: number;
}

/** What imports run with. */
export interface ImportRunnerDeps {
  db: Database;
  store: ExchangeStore;
  importFeed: ImportFeed;
  contextFor: (viewer: Viewer) => Context;
  clock: Clock;
  logger: Logger;
  timings: ImportTimings;
}

const STILL_RUNNING = 'The import is still running; ask again';

const INTERRUPTED = 'The import was interrupted when its server stopped; send the files again';

/** An import problem as 1C shows it: the file, the line, the message. */
export function describeIssue(issue: ImportIssue): string {
  return `${issue.file}${issue.line ? `, line ${issue.line}` : ''}: ${issue.message}`;
}

/** What a finished import changed, for 1C's log. */
export function summarize(report: ImportReport): string {
  return (
    `${report.offersCreated} offers created, ${report.offersUpdated} updated, ` +
    `${report.offersUnchanged} unchanged, ${report.offersDeactivated} deactivated; ` +
    `${report.warnings.length} warnings`
  );
}

/**
 * Runs the imports of uploaded files in the background of this process and tells 1C how they
 * go. 1C asks for the files of a package one at a time; the first ask imports every file the
 * session uploaded and no import took yet, in one import (so that a catalog and its offers are
 * read together), and later asks for any of them are told how that import went.
 */
export function createImportRunner(deps: ImportRunnerDeps) {
  const { store, clock, timings } = deps;
  const running = new Map<number, Promise<void>>();
  let heartbeat: NodeJS.Timeout | null = null;

  const beatWhileRunning = () => {
    if (heartbeat || running.size === 0) return;
    heartbeat = setInterval(() => {
      if (running.size === 0) {
        clearInterval(heartbeat!);
        heartbeat = null;
        return;
      }
      store.beat([...running.keys()], clock()).catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'import heartbeat failed');
      });
    }, timings.heartbeatMs);
    heartbeat.unref();
  };

  async function run(importId: number, session: ExchangeSessionRow, claimed: ExchangeUploadRow[]) {
    const log = deps.logger.child({ importId, distributorId: session.distributorId });
    const uploads = claimed.filter((u) => isFeedFile(u.filename));
    let outcome: { status: 'SUCCEEDED' | 'FAILED'; message: string };
    try {
      if (uploads.length === 0) {
        outcome = { status: 'SUCCEEDED', message: 'No CommerceML files to import' };
      } else {
        const ctx = deps.contextFor({
          role: 'DISTRIBUTOR',
          organizationId: session.distributorId,
          apiKeyId: session.apiKeyId,
        });
        const report = await deps.importFeed(ctx, session.distributorId, {
          format: 'COMMERCEML',
          mode: 'DELTA',
          files: uploads.map((upload) => feedFileOf(store, upload)),
        });
        const [first] = report.errors;
        outcome = first
          ? { status: 'FAILED', message: describeIssue(first) }
          : { status: 'SUCCEEDED', message: summarize(report) };
        log.info(
          { files: uploads.map((u) => u.filename), outcome: outcome.status },
          'exchange import finished',
        );
      }
    } catch (error) {
      log.error({ err: error }, 'exchange import failed unexpectedly');
      outcome = {
        status: 'FAILED',
        message: `The import failed unexpectedly (import ${importId})`,
      };
    }
    await store.finishImport(importId, outcome, clock());
  }

  async function start(session: ExchangeSessionRow): Promise<number> {
    const { job, claimed } = await inTransaction(deps.db, async (tx) => {
      const job = await store.insertImport(session.id, clock(), tx);
      return { job, claimed: await store.claimUploads(session.id, job.id, tx) };
    });
    const task = run(job.id, session, claimed)
      .catch((error: unknown) => deps.logger.error({ err: error }, 'exchange import lost'))
      .finally(() => running.delete(job.id));
    running.set(job.id, task);
    beatWhileRunning();

    return job.id;
  }

  async function answerFor(importId: number): Promise<Answer> {
    const task = running.get(importId);
    if (task) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, timings.waitMs)));
      await Promise.race([task, waited]);
      clearTimeout(timer);
    }
    const job = await store.findImport(importId);
    if (!job) return failure('The import is gone: its exchange session ended');
    if (job.status === 'SUCCEEDED') return success(job.message ?? '');
    if (job.status === 'FAILED') return failure(job.message ?? 'The import failed');

    const silentMs = clock().getTime() - job.heartbeatAt.getTime();
    if (!running.has(importId) && silentMs > timings.staleMs) {
      await store.finishImport(importId, { status: 'FAILED', message: INTERRUPTED }, clock());
      return failure(INTERRUPTED);
    }

    return progress(STILL_RUNNING);
  }

  return {
    /** `mode=import&filename=...`: imports the session's new files, or says how it went. */
    async importFile(session: ExchangeSessionRow, filename: string): Promise<Answer> {
      const uploads = await store.findUploads(session.id);
      const named = uploads.find((u) => u.filename === filename);
      if (named?.importId) return answerFor(named.importId);

      const pending = uploads.some((u) => u.importId === null);
      if (!named && !pending) {
        // A file of a ZIP that an earlier ask of this session already imported.
        const latest = await store.findLatestImport(session.id);
        if (!latest) return failure(`No file ${filename} was uploaded in this exchange`);
        return answerFor(latest.id);
      }

      return answerFor(await start(session));
    },

    /** Waits for the imports this process runs. */
    async close() {
      await Promise.all(running.values());
      if (heartbeat) clearInterval(heartbeat);
    },
  };
}
