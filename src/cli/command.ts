import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { destination, pino } from 'pino';
import { createApp, type App } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { UserErrorsException } from '../schema/user-errors.js';

/** Where a command writes: results on `stdout`, problems on `stderr`. */
export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processOutput: CommandOutput = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

/** A command line the command cannot run: it prints the message and its usage, exit code 2. */
export class UsageError extends Error {}

/**
 * Runs a command's body and turns its expected failures into exit codes: 2 for bad usage
 * (with the usage text), 1 for user errors (as JSON on stderr).
 *
 * @throws whatever unexpected error the body meets.
 */
export async function exitCodeOf(
  usage: string,
  output: CommandOutput,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      output.stderr(`${error.message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof UserErrorsException) {
      output.stderr(JSON.stringify({ userErrors: error.errors }, null, 2));
      return 1;
    }
    throw error;
  }
}

/**
 * Runs `run` as the program when the module at `moduleUrl` is the entry point: on an app over
 * the configured database (migrated first), logging to stderr so that stdout holds the result.
 */
export function runWhenMain(
  moduleUrl: string,
  service: string,
  run: (argv: string[], app: App) => Promise<number>,
) {
  const entry = process.argv[1];
  if (entry === undefined || moduleUrl !== pathToFileURL(realpathSync(entry)).href) return;

  const main = async () => {
    const config = loadConfig();
    const logger = pino({ level: config.logLevel, base: { service } }, destination(2));
    const app = createApp(config, { logger });
    try {
      await app.database.migrate();
      process.exitCode = await run(process.argv.slice(2), app);
    } finally {
      await app.close();
    }
  };
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  });
}
