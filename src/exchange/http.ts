import type { Plugin } from 'graphql-yoga';
import type { Authenticator } from '../auth/authenticate.js';
import type { Viewer } from '../auth/viewer.js';
import type { Clock } from '../clock.js';
import type { Context } from '../context.js';
import { requestIdOf } from '../http/request-id.js';
import type { Logger } from '../logger.js';
import { importFeed } from '../feeds/service.js';
import type { Stores } from '../stores.js';
import { type Answer, failure, success, toResponse } from './answers.js';
import { ErpDocumentError, readErpDocuments } from './erp-documents.js';
import { createImportRunner, type ImportFeed } from './imports.js';
import { applyErpDocuments } from './sale-answer.js';
import { queryOrders } from './sale-query.js';
import { exchangeSettingsOf } from './settings.js';
import { checkAuth, isAnswer, sessionOf } from './session.js';
import type { ExchangeSessionRow } from './tables.js';
import { readBody, receiveChunk, safeFilename } from './uploads.js';

/** The path 1C's exchange dialog is given, after the server's address. */
export const EXCHANGE_PATH = '/exchange/1c';

/** Limits and timings of the exchange; the defaults suit 1C's own. */
export interface ExchangeOptions {
  /** The `file_limit` announced: most bytes in one upload request. Default 4 MiB. */
  fileLimit?: number;
  /** Most bytes one exchange session may upload in all. Default 512 MiB. */
  sessionLimit?: number;
  /** How long a session lasts after `checkauth`. Default 12 hours. */
  sessionTtlMs?: number;
  /** How long `mode=import` waits before it answers `progress`. Default 20 seconds. */
  importWaitMs?: number;
  /** A running import silent this long was interrupted. Default 2 minutes. */
  importStaleMs?: number;
  /** The importer to run; the feeds importer unless a test gives another. */
  importFeed?: ImportFeed;
}

/** What the exchange serves from: the app's stores, key check and contexts. */
export interface ExchangeDeps {
  stores: Stores;
  authenticator: Authenticator;
  contextFor: (viewer: Viewer) => Context;
  clock: Clock;
  logger: Logger;
  options?: ExchangeOptions;
}

/** 1C's site exchange at `/exchange/1c`: the catalog in, registers out, and 1C's answers back. */
export function createExchange(deps: ExchangeDeps) {
  const { stores, clock } = deps;
  const options = deps.options ?? {};
  const limits = {
    fileLimit: options.fileLimit ?? 4 * 1024 * 1024,
    sessionLimit: options.sessionLimit ?? 512 * 1024 * 1024,
  };
  const sessions = {
    store: stores.exchange,
    authenticator: deps.authenticator,
    sessionTtlMs: options.sessionTtlMs ?? 12 * 3600_000,
    sessionsPerDistributor: 5,
  };
  const imports = createImportRunner({
    db: stores.db,
    store: stores.exchange,
    importFeed: options.importFeed ?? importFeed,
    contextFor: deps.contextFor,
    clock,
    logger: deps.logger.child({ component: 'exchange' }),
    timings: {
      waitMs: options.importWaitMs ?? 20_000,
      heartbeatMs: Math.max(1_000, Math.floor((options.importStaleMs ?? 120_000) / 6)),
      staleMs: options.importStaleMs ?? 120_000,
    },
  });

  /** `init`: what 1C may send, and the session key and schema version it should use. */
  async function init(session: ExchangeSessionRow, zip: boolean): Promise<Answer> {
    const { schemaVersion } = await exchangeSettingsOf(stores, session.distributorId);

    return {
      lines: [
        `zip=${zip ? 'yes' : 'no'}`,
        `file_limit=${limits.fileLimit}`,
        `sessid=${session.sessid}`,
        `version=${schemaVersion}`,
      ],
    };
  }

  async function catalog(mode: string, session: ExchangeSessionRow, url: URL, request: Request) {
    if (mode === 'init') {
      await stores.exchange.deleteUploads(session.id);
      return init(session, true);
    }
    // 1C ends a catalog exchange with these; an import already did all there is to do.
    if (mode === 'deactivate' || mode === 'complete') return success();
    if (mode !== 'file' && mode !== 'import') return null;

    const filename = safeFilename(url.searchParams.get('filename'));
    if (!filename) return failure('The filename must be a relative path without ".."');
    if (mode === 'file') {
      return receiveChunk(stores.db, stores.exchange, limits, session.id, filename, request);
    }

    return imports.importFile(session, filename);
  }

  async function sale(mode: string, session: ExchangeSessionRow, request: Request) {
    if (mode === 'init') return init(session, false);
    if (mode === 'query') {
      const { body, charset } = await queryOrders(stores, session, clock());
      return new Response(new Uint8Array(body), {
        headers: { 'content-type': `application/xml; charset=${charset}` },
      });
    }
    if (mode === 'success') {
      await stores.saleExchange.markExported(session.id, clock());
      return success();
    }
    // Newer 1C asks to import the document it sent; `file` applied it already.
    if (mode === 'import') return success();
    if (mode !== 'file') return null;

    const body = await readBody(request, limits.fileLimit);
    if (!body) return failure(`The document is larger than file_limit (${limits.fileLimit} bytes)`);
    try {
      return await applyErpDocuments(deps.contextFor, session, readErpDocuments(body));
    } catch (error) {
      if (error instanceof ErpDocumentError) return failure(error.message);
      throw error;
    }
  }

  async function answer(request: Request, url: URL): Promise<Answer | Response> {
    const type = url.searchParams.get('type') ?? '';
    const mode = url.searchParams.get('mode') ?? '';
    if (type !== 'catalog' && type !== 'sale') {
      return failure(`Unknown exchange type "${type}": it is catalog or sale`);
    }
    if (mode === 'checkauth') return checkAuth(sessions, request, clock());

    const session = await sessionOf(sessions, request, url, clock());
    if (isAnswer(session)) return session;
    const answered =
      type === 'catalog'
        ? await catalog(mode, session, url, request)
        : await sale(mode, session, request);

    return answered ?? failure(`Unknown mode "${mode}" for type ${type}`);
  }

  /** The response to one request of 1C's; the unexpected is logged and answered as a failure. */
  async function handle(request: Request, url: URL): Promise<Response> {
    const log = deps.logger.child({
      component: 'exchange',
      requestId: requestIdOf(request),
      type: url.searchParams.get('type'),
      mode: url.searchParams.get('mode'),
    });
    try {
      const answered = await answer(request, url);
      if (answered instanceof Response) return answered;
      log.info({ outcome: answered.lines[0] }, 'exchange request answered');

      return toResponse(answered);
    } catch (error) {
      log.error({ err: error }, 'unexpected error');
      return toResponse({
        ...failure(`Unexpected error (request ${requestIdOf(request)})`),
        status: 500,
      });
    }
  }

  return {
    handle,
    /** Serves the exchange path inside Yoga, ahead of GraphQL. */
    plugin(): Plugin {
      return {
        onRequest({ url, request, endResponse }) {
          if (url.pathname !== EXCHANGE_PATH) return;
          return handle(request, url).then(endResponse);
        },
      };
    },
    /** Waits for the imports this process runs. */
    close: () => imports.close(),
  };
}
