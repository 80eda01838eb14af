import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { createLogger } from './logger.js';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = createApp(config, { logger });

  await app.database.migrate();
  logger.info({ database: app.database.kind }, 'migrations applied');
  const demo = app.database.kind === 'embedded' ? await seedDemoIfEmpty(app, config) : null;

  app.server.listen(config.port);
  await once(app.server, 'listening');
  const { port } = app.server.address() as AddressInfo;
  const url = `http://localhost:${port}/graphql`;
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

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
