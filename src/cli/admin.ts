import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { destination, pino } from 'pino';
import { createApp, type App } from '../app.js';
import { issueApiKey, revokeApiKey } from '../auth/service.js';
import { adminViewer } from '../auth/viewer.js';
import { ConfigError, loadConfig } from '../config.js';
import type { Context } from '../context.js';
import { createDistributor, createStore } from '../organizations/service.js';
import type { OrganizationRow } from '../organizations/tables.js';
import { localId } from '../schema/ids.js';
import { UserErrorsException } from '../schema/user-errors.js';

export const USAGE = `Usage: npm run admin -- <command> [flags]

Commands:
  create-distributor --name <name> --time-zone <IANA zone, e.g. Europe/Moscow>
  create-store --name <name>
  issue-key --organization <id>   the global id API clients see, or the database id
  revoke-key --key <api key>
  list                            every organization with its global id
  help                            this text

Results are JSON on stdout. Exit codes: 0 done, 1 user errors (on stderr), 2 bad usage.`;

/** Where the command writes: results on `stdout`, problems on `stderr`. */
export interface AdminOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processOutput: AdminOutput = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

type Flags = Record<string, string>;

interface Command {
  /** Every flag the command takes; all of them are required. */
  flags: string[];
  run(ctx: Context, flags: Flags): Promise<unknown>;
}

class UsageError extends Error {}

/** How API clients see an organization: its global id first. */
function describeOrganization(org: OrganizationRow) {
  const typename = org.kind === 'store' ? 'Store' : 'Distributor';

  return {
    id: encodeGlobalID(typename, org.id),
    databaseId: org.id,
    role: org.kind === 'store' ? 'STORE' : 'DISTRIBUTOR',
    name: org.name,
    ...(org.timeZone ? { timeZone: org.timeZone } : {}),
  };
}

/** The database id in a global id of a Store or Distributor, or a plain database id. */
export function organizationIdOf(value: string): number | null {
  if (!/^[0-9]+$/.test(value)) return localId(value, 'Store', 'Distributor');

  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

async function listOrganizations(ctx: Context, kind: OrganizationRow['kind']) {
  const limit = 500;
  const rows: OrganizationRow[] = [];
  let afterId: number | null = null;
  for (;;) {
    const page = await ctx.stores.organizations.list(kind, { limit, afterId });
    rows.push(...page.slice(0, limit));
    if (page.length <= limit) return rows;
    afterId = rows.at(-1)!.id;
  }
}

const commands: Record<string, Command> = {
  'create-distributor': {
    flags: ['name', 'time-zone'],
    async run(ctx, flags) {
      const input = { name: flags.name, timeZone: flags['time-zone'] };
      const { distributor } = await createDistributor(ctx, input);

      return { distributor: describeOrganization(distributor) };
    },
  },
  'create-store': {
    flags: ['name'],
    async run(ctx, flags) {
      const { store } = await createStore(ctx, { name: flags.name });

      return { store: describeOrganization(store) };
    },
  },
  'issue-key': {
    flags: ['organization'],
    async run(ctx, flags) {
      const organizationId = organizationIdOf(flags.organization!);
      const { apiKey } = await issueApiKey(ctx, organizationId);
      const organization = (await ctx.loaders.organization.load(organizationId!))!;

      return { organization: describeOrganization(organization), apiKey };
    },
  },
  'revoke-key': {
    flags: ['key'],
    run: (ctx, flags) => revokeApiKey(ctx, { apiKey: flags.key }),
  },
  list: {
    flags: [],
    async run(ctx) {
      const [distributors, stores] = await Promise.all([
        listOrganizations(ctx, 'distributor'),
        listOrganizations(ctx, 'store'),
      ]);

      return {
        distributors: distributors.map(describeOrganization),
        stores: stores.map(describeOrganization),
      };
    },
  },
};

function parseFlags(name: string, command: Command, args: string[]): Flags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: Object.fromEntries(command.flags.map((flag) => [flag, { type: 'string' }])),
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(`${name}: ${(error as Error).message}`);
    }
    throw error;
  }

  const missing = command.flags.filter((flag) => typeof values[flag] !== 'string');
  if (missing.length > 0) {
    throw new UsageError(`${name} needs ${missing.map((flag) => `--${flag}`).join(' and ')}`);
  }

  return values as Flags;
}

/**
 * Runs one admin command, given as the words after `npm run admin --`, as ADMIN on `app`.
 * Resolves to the process's exit code: 0 done, 1 user errors, 2 bad usage.
 *
 * @throws whatever unexpected error the command meets.
 */
export async function runAdmin(
  argv: string[],
  app: App,
  output: AdminOutput = processOutput,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    output.stdout(USAGE);
    return 0;
  }

  try {
    const command = name === undefined ? undefined : commands[name];
    if (!command) throw new UsageError(name ? `Unknown command "${name}"` : 'Name a command');

    const result = await command.run(app.contextFor(adminViewer), parseFlags(name!, command, args));
    output.stdout(JSON.stringify(result, null, 2));

    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      output.stderr(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof UserErrorsException) {
      output.stderr(JSON.stringify({ userErrors: error.errors }, null, 2));
      return 1;
    }
    throw error;
  }
}

async function main() {
  const config = loadConfig();
  // Logs go to stderr, so that stdout holds only the result.
  const logger = pino(
    { level: config.logLevel, base: { service: 'interdist-admin' } },
    destination(2),
  );
  const app = createApp(config, { logger });
  try {
    await app.database.migrate();
    process.exitCode = await runAdmin(process.argv.slice(2), app);
  } finally {
    await app.close();
  }
}

const isEntryPoint =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;

if (isEntryPoint) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  });
}
