import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const configSchema = z.object({
  /** TCP port of the HTTP server; 0 picks a free one. Default 4000. */
  port: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Address the HTTP server listens on, e.g. `127.0.0.1`; absent means every interface. */
  host: z.string().min(1).optional(),
  /** PostgreSQL URL; absent means the embedded PGlite database in `dataDir`. */
  databaseUrl: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  /** Folder of the embedded database. Default `./.data`. */
  dataDir: z.string().min(1).default('./.data'),
  /** A key that acts as ADMIN over HTTP; absent means no admin key is accepted. */
  adminApiKey: z.string().min(24, 'must be at least 24 characters').optional(),
  /** pino level. Default `info`. */
  logLevel: z.enum(logLevels).default('info'),
  /** Days stock events are kept for replay; order and register events stay as histories. */
  eventRetentionDays: z.coerce.number().int().min(7, 'must be at least 7 days').default(7),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const variableOf: Record<keyof Config, string> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'DATA_DIR',
  adminApiKey: 'ADMIN_API_KEY',
  logLevel: 'LOG_LEVEL',
  eventRetentionDays: 'EVENT_RETENTION_DAYS',
};

/** Reads the configuration from environment variables and reports every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = Object.fromEntries(
    Object.entries(variableOf).map(([key, variable]) => [key, blankToUndefined(env[variable])]),
  );
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = String(issue.path[0]) as keyof Config;
        return `${variableOf[key] ?? key}: ${issue.message}`;
      }),
    );
  }

  return result.data;
}

/** A configuration for programmatic use (tests, tools), with defaults for what is not given. */
export function defineConfig(values: Partial<Config> = {}): Config {
  return configSchema.parse(values);
}

function blankToUndefined(value: string | undefined) {
  return value === undefined || value.trim() === '' ? undefined : value;
}
