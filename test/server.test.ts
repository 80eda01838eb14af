import { once } from 'node:events';
import { type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { ConfigError, defineConfig, loadConfig } from '../src/config.js';
import { graphql } from './graphql/index.js';
import { ADMIN_KEY, createTestApp, type TestApp } from './support/app.js';
import { createDistributor } from './support/world.js';
import { inject } from 'vitest';
import { createTestDatabase } from './support/postgres.js';

const Viewer = graphql(`
  query ViewerRole {
    viewer {
      role
    }
  }
`);

const DeepTerms = graphql(`
  query DeepTerms {
    distributors(first: 1) {
      edges {
        node {
          terms {
            distributor {
              terms {
                distributor {
                  terms {
                    distributor {
                      terms {
                        distributor {
                          terms {
                            distributor {
                              name
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);

describe('configuration', () => {
  it('reports every problem at once, naming each variable', () => {
    const env = {
      PORT: 'eighty',
      DATABASE_URL: 'mysql://localhost/db',
      ADMIN_API_KEY: 'short',
      LOG_LEVEL: 'loud',
    };

    expect(() => loadConfig(env)).toThrow(ConfigError);
    const problems = (() => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems.map((p) => p.split(':')[0]);
      }
    })();
    expect(problems.sort()).toEqual(['ADMIN_API_KEY', 'DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });

  it('defaults to port 4000, the embedded database in ./.data and no admin key', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      dataDir: './.data',
      logLevel: 'info',
      eventRetentionDays: 7,
    });
  });

  it('reads every variable of the contract', () => {
    const env = {
      PORT: '8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      DATA_DIR: '/var/lib/interdist',
      ADMIN_API_KEY: 'a-long-enough-admin-key-123',
      LOG_LEVEL: 'warn',
      EVENT_RETENTION_DAYS: '30',
    };

    expect(loadConfig(env)).toEqual({
      port: 8080,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      dataDir: '/var/lib/interdist',
      adminApiKey: 'a-long-enough-admin-key-123',
      logLevel: 'warn',
      eventRetentionDays: 30,
    });
  });
});

describe('the HTTP server', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  it('answers /health with 200 once the database answers', async () => {
    const response = await t.app.yoga.fetch('http://localhost/health');
    expect(response.status).toBe(200);
  });

  it('serves GraphiQL to a browser without a key', async () => {
    const response = await t.app.yoga.fetch('http://localhost/graphql', {
      headers: { accept: 'text/html' },
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Interdist</title>');
  });

  it('echoes a sane x-request-id and makes one up otherwise', async () => {
    const body = JSON.stringify({ query: '{ viewer { role } }' });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` };
    const given = await t.app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      body,
      headers: { ...headers, 'x-request-id': 'req-42' },
    });
    const invented = await t.app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      body,
      headers: { ...headers, 'x-request-id': 'bad id with spaces' },
    });

    expect(given.headers.get('x-request-id')).toBe('req-42');
    expect(invented.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a body past 25 MB by its length, and one sent without a length', async () => {
    t.app.server.listen(0, '127.0.0.1');
    await once(t.app.server, 'listening');
    const { port } = t.app.server.address() as AddressInfo;
    const post = async (headers: Record<string, string>, chunk: string) => {
      const sent = request({ port, host: '127.0.0.1', path: '/graphql', method: 'POST', headers });
      sent.write(chunk);
      const [response] = (await once(sent, 'response')) as [IncomingMessage];
      let text = '';
      for await (const part of response) text += part;
      sent.destroy();
      const { errors } = JSON.parse(text) as { errors: { message: string }[] };

      return [response.statusCode, errors.map((e) => e.message)];
    };
    const json = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` };

    expect(await post({ ...json, 'content-length': '25000001' }, '{"query":')).toEqual([
      413,
      ['The request body is 25000001 bytes; at most 25000000 are accepted'],
    ]);
    expect(await post(json, '{"query":')).toEqual([
      411,
      ['Send the request with a Content-Length'],
    ]);
  });

  it('refuses an operation deeper than the limit before running it', async () => {
    await createDistributor(t, { name: 'D', timeZone: 'Europe/Moscow', warehouses: ['W'] });
    const result = await t.execute(DeepTerms, {});

    expect(result.data ?? null).toBeNull();
    expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ["The operation's depth is 14; the limit is 12", 'QUERY_TOO_COMPLEX'],
    ]);
  });
});

describe('unexpected errors', () => {
  it('are masked for the client and logged with their cause and the request id', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const database = await createTestDatabase(inject('templateDatabase'));
    const app = createApp(defineConfig({ adminApiKey: ADMIN_KEY }), {
      database,
      logger: pino({ level: 'error' }, sink),
    });
    // The admin key needs no database; the query then fails on a dropped table.
    await database.db.execute('drop table organizations cascade' as never);

    const response = await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ADMIN_KEY}`,
        'x-request-id': 'req-broken',
      },
      body: JSON.stringify({ query: '{ distributors { totalCount } }' }),
    });
    const body = (await response.json()) as { errors: { message: string }[] };
    await database.drop();

    expect(body.errors.map((e) => e.message)).toEqual(['Unexpected error.']);
    expect(JSON.stringify(body)).not.toContain('organizations');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        requestId: 'req-broken',
        msg: 'unexpected error',
        err: expect.objectContaining({ message: expect.stringContaining('organizations') }),
      }),
    ]);
  });
});
