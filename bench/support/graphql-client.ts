import { Agent, request as httpRequest } from 'node:http';
import { Pool } from 'undici';

/** What a GraphQL endpoint answers: data, errors, or both. */
export interface GraphQLResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface GraphQLClient {
  /** Sends one operation as the holder of `key`; throws on HTTP or GraphQL errors. */
  request<T>(query: string, variables: Record<string, unknown>, key: string): Promise<T>;
  close(): void;
}

/**
 * `undici` is undici's connection pool, `http` node:http with a keep-alive agent, and `fetch`
 * Node's fetch (undici too, keep-alive by default). They cost the load generator about 0.8, 1
 * and 4 times node:http's CPU per request: on a small machine that the server shares with its
 * clients, that CPU is taken from the server.
 */
export type ClientKind = 'undici' | 'http' | 'fetch';

export const CLIENT_KINDS: ClientKind[] = ['undici', 'http', 'fetch'];

function parse<T>(status: number, text: string): T {
  let body: GraphQLResult<T> | null = null;
  try {
    body = JSON.parse(text) as GraphQLResult<T>;
  } catch {
    // Reported below with the text itself.
  }
  if (status !== 200 || !body || body.errors?.length || !body.data) {
    throw new Error(`GraphQL request failed (HTTP ${status}): ${text.slice(0, 2_000)}`);
  }

  return body.data;
}

function createHttpClient(url: string, connections: number): GraphQLClient {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });

  return {
    request<T>(query: string, variables: Record<string, unknown>, key: string) {
      const body = JSON.stringify({ query, variables });
      return new Promise<T>((resolve, reject) => {
        const headers = {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${key}`,
        };
        const sent = httpRequest(url, { method: 'POST', agent, headers }, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            try {
              resolve(parse<T>(response.statusCode ?? 0, text));
            } catch (error) {
              reject(error);
            }
          });
          response.on('error', reject);
        });
        sent.on('error', reject);
        sent.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

function createUndiciClient(url: string, connections: number): GraphQLClient {
  const { origin, pathname } = new URL(url);
  const pool = new Pool(origin, { connections });

  return {
    async request<T>(query: string, variables: Record<string, unknown>, key: string) {
      const { statusCode, body } = await pool.request({
        path: pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });

      return parse<T>(statusCode, await body.text());
    },
    close: () => void pool.close(),
  };
}

function createFetchClient(url: string): GraphQLClient {
  return {
    async request<T>(query: string, variables: Record<string, unknown>, key: string) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });

      return parse<T>(response.status, await response.text());
    },
    close: () => {},
  };
}

/** A client for `connections` concurrent requests that reuses its connections. */
export function createGraphQLClient(
  url: string,
  kind: ClientKind,
  connections: number,
): GraphQLClient {
  if (kind === 'undici') return createUndiciClient(url, connections);

  return kind === 'http' ? createHttpClient(url, connections) : createFetchClient(url);
}

interface Payload {
  userErrors: { code: string; message: string }[];
}

/** The payload of a setup mutation; a user error there means the benchmark's world is wrong. */
export function ok<P extends Payload>(payload: P): P {
  if (payload.userErrors.length > 0) {
    throw new Error(`Benchmark setup failed: ${JSON.stringify(payload.userErrors)}`);
  }

  return payload;
}
