import { Agent, request as httpRequest } from 'node:http';

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
 * `http` is node:http with a keep-alive agent; `fetch` is Node's fetch (undici, keep-alive by
 * default), which costs the load generator about four times the CPU per request: on a small
 * machine that the server shares with its clients, that CPU is taken from the server.
 */
export type ClientKind = 'http' | 'fetch';

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
