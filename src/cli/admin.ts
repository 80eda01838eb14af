import { parseArgs } from 'node:util';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { App } from '../app.js';
import { issueApiKey, revokeApiKey } from '../auth/service.js';
import { adminViewer } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { createDistributor, createStore } from '../organizations/service.js';
import type { OrganizationRow } from '../organizations/tables.js';
import { localId } from '../schema/ids.js';
import {
  type CommandOutput,
  exitCodeOf,
  processOutput,
  runWhenMain,
  UsageError,
} from './command.js';

export const USAGE = `Usage: npm run admin -- <command> [flags]

Commands:
  create-distributor --name <name> --time-zone <IANA zone, e.g. Europe/Moscow>
  create-store --name <name>
  issue-key --organization <id>   the global id API clients see, or the database id
  revoke-key --key <api key>
  list                            every organization with its global id
  help                            this text

Results are JSON on stdout. Exit codes: 0 done, 1 user errors (on stderr), 2 bad usage.`;

type Flags = Record<string, string>;

interface Command {
  /** Every flag the command takes; all of them are required. */
  flags: string[];
  run(ctx: Context, flags: Flags): Promise<unknown>;
}

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
  output: CommandOutput = processOutput,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    output.stdout(USAGE);
    return 0;
  }

  return exitCodeOf(USAGE, output, async () => {
    const command = name === undefined ? undefined : commands[name];
    if (!command) throw new UsageError(name ? `Unknown command "${name}"` : 'Name a command');

    const result = await command.run(app.contextFor(adminViewer), parseFlags(name!, command, args));
    output.stdout(JSON.stringify(result, null, 2));

    return 0;
  });
}

runWhenMain(import.meta.url, 'interdist-admin', runAdmin);
