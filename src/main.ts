import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { sqlState } from './db/errors.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { createLogger } from './logger.js';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = (() => {
    try {
      return createApp(config, { logger });
    } catch (error) {
      throw new StartupError((error as Error).message);
    }
  })();

  await app.database.migrate().catch((error: unknown) => {
    throw new StartupError(`Cannot open the database: ${describeDatabaseError(error)}`);
  });
  logger.info({ database: app.database.kind }, 'migrations applied');
  const demo = app.database.kind === 'embedded' ? await seedDemoIfEmpty(app, config) : null;

  app.server.listen(config.port, config.host);
  await Promise.race([
    once(app.server, 'listening'),
    once(app.server, 'error').then(([error]) => {
      throw new StartupError(
        (error as { code?: string }).code === 'EADDRINUSE'
          ? `Port ${config.port} is in use by another process; set PORT to a free one`
          : `Cannot listen on port ${config.port}: ${(error as Error).message}`,
      );
    }),
  ]);
  const { port } = app.server.address() as AddressInfo;
  const host = !config.host
    ? 'localhost'
    : config.host.includes(':')
      ? `[${config.host}]`
      : config.host;
  const url = `http://${host}:${port}/graphql`;
  logger.info({ url }, 'listening');
  console.log(`\nInterdist is serving GraphiQL at ${url}`);
  if (demo) console.log(demo);

  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** A reason not to start that the operator can act on; printed without a stack. */
class StartupError extends Error {}

function describeDatabaseError(error: unknown): string {
  const state = sqlState(error);
  const message = (error as Error).message ?? String(error);
  if (state === '3D000') return `${message} (create it, or point DATABASE_URL at another)`;
  if (state === 'ECONNREFUSED') return `no PostgreSQL server answers at DATABASE_URL (${message})`;

  return message;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
