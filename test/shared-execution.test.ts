import {
  type ExecutionResult,
  GraphQLError,
  GraphQLInt,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
} from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import type { Viewer } from '../src/auth/viewer.js';
import { EventQueue } from '../src/events/queue.js';
import { sharedSubscribe } from '../src/events/shared-execution.js';
import type { Logger } from '../src/logger.js';
import { maskedResult } from '../src/schema/unexpected.js';

interface Tick {
  n: number;
}

/** A schema whose `ticks` stream is fed by the test, counting how often `n` is resolved. */
function tickSchema() {
  const streams: EventQueue<Tick>[] = [];
  const contexts = new Set<unknown>();
  const resolved = vi.fn((tick: Tick, args: { times: number }, ctx: unknown) => {
    contexts.add(ctx);
    if (tick.n < 0) throw new Error('connection reset by the database');
    return tick.n * args.times;
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        ticks: {
          type: new GraphQLObjectType({
            name: 'Tick',
            fields: {
              n: {
                type: GraphQLInt,
                args: { times: { type: GraphQLInt, defaultValue: 1 } },
                resolve: resolved,
              },
            },
          }),
          subscribe: () => {
            const stream = new EventQueue<Tick>(() => {});
            streams.push(stream);
            return stream;
          },
          resolve: (tick: Tick) => tick,
        },
      },
    }),
  });
  /** Hands every open stream the same event object, as the feed does. */
  const publish = (tick: Tick) => {
    for (const stream of streams) stream.push(tick);
  };

  /** Ends every open stream with this error, as a failed replay does. */
  const fail = (error: Error) => {
    for (const stream of streams) stream.end(error);
  };

  return { schema, resolved, publish, contexts, fail };
}

const store = (apiKeyId: number): Viewer => ({ role: 'STORE', organizationId: 7, apiKeyId });
const document = parse('subscription ($times: Int) { ticks { n(times: $times) } }');

async function subscriber(
  schema: GraphQLSchema,
  viewer: Viewer,
  variableValues: Record<string, unknown> = {},
  finish?: (result: ExecutionResult) => ExecutionResult,
) {
  const stream = await sharedSubscribe(
    { schema, document, contextValue: { viewer }, variableValues },
    { finish, contextOf: (ctx: { viewer: Viewer }) => ({ ...ctx, loaded: new Map() }) },
  );
  return stream as AsyncIterableIterator<ExecutionResult>;
}

describe('shared subscription execution', () => {
  it('executes an event once for subscribers of one key, document and variables', async () => {
    const { schema, resolved, publish, contexts } = tickSchema();
    const same = [await subscriber(schema, store(1)), await subscriber(schema, store(1))];
    const otherKey = await subscriber(schema, store(2));
    const otherVariables = await subscriber(schema, store(1), { times: 10 });

    publish({ n: 4 });
    const results = await Promise.all(
      [...same, otherKey, otherVariables].map(async (s) => (await s.next()).value),
    );

    expect(results.map((r) => (r as ExecutionResult).data)).toEqual([
      { ticks: { n: 4 } },
      { ticks: { n: 4 } },
      { ticks: { n: 4 } },
      { ticks: { n: 40 } },
    ]);
    expect(results[0]).toBe(results[1]);
    // Once for the two that share, once for the other key, once for the other variables.
    expect(resolved).toHaveBeenCalledTimes(3);

    publish({ n: 5 });
    await Promise.all(same.map((s) => s.next()));
    expect(resolved).toHaveBeenCalledTimes(4);
    // Each execution had a context of its own, made from its subscription's.
    expect(contexts.size).toBe(4);
    for (const s of [...same, otherKey, otherVariables]) await s.return?.();
  });

  it('finishes a shared result once, however many get it', async () => {
    const { schema, publish } = tickSchema();
    const finish = vi.fn((result: ExecutionResult) => ({
      ...result,
      errors: result.errors?.map((e) => ({ ...e.toJSON(), message: 'Unexpected error.' })),
    })) as unknown as (result: ExecutionResult) => ExecutionResult;
    const subscribers = [
      await subscriber(schema, store(1), {}, finish),
      await subscriber(schema, store(1), {}, finish),
    ];

    publish({ n: -1 });
    const results = await Promise.all(subscribers.map(async (s) => (await s.next()).value));

    expect(finish).toHaveBeenCalledTimes(1);
    for (const result of results) {
      expect(result).toMatchObject({ data: { ticks: { n: null } } });
      expect((result as ExecutionResult).errors?.map((e) => e.message)).toEqual([
        'Unexpected error.',
      ]);
    }
  });

  it('ends a stream that failed with a result saying so, masked, then done', async () => {
    const { schema, fail } = tickSchema();
    const error = vi.fn();
    const log = { error } as unknown as Logger;
    const failing = await subscriber(schema, store(1), {}, (result) => maskedResult(result, log));

    fail(new Error('Failed query: select * from order_events'));
    const { value } = await failing.next();

    expect((value as ExecutionResult).errors?.map((e) => e.message)).toEqual(['Unexpected error.']);
    expect(error).toHaveBeenCalledTimes(1);
    await expect(failing.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('ends the event stream when the subscriber leaves', async () => {
    const { schema, publish } = tickSchema();
    const leaving = await subscriber(schema, store(1));
    const next = leaving.next();

    await leaving.return?.();
    publish({ n: 1 });

    await expect(next).resolves.toEqual({ value: undefined, done: true });
    await expect(leaving.next()).resolves.toEqual({ value: undefined, done: true });
  });
});

describe('results sent past Yoga', () => {
  it("log and mask what failed unexpectedly, and keep the API's own errors", () => {
    const error = vi.fn();
    const log = { error } as unknown as Logger;
    const forbidden = new GraphQLError('orderIds[0] is not one of your orders', {
      extensions: { code: 'FORBIDDEN' },
    });
    const failed = new GraphQLError('connection reset', {
      path: ['ticks', 'n'],
      originalError: new Error('connection reset'),
    });

    const result = maskedResult({ data: null, errors: [forbidden, failed] }, log);

    expect(result.errors?.map((e) => [e.message, e.extensions.code])).toEqual([
      ['orderIds[0] is not one of your orders', 'FORBIDDEN'],
      ['Unexpected error.', 'INTERNAL_SERVER_ERROR'],
    ]);
    expect(result.errors?.[1]?.path).toEqual(['ticks', 'n']);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]?.[0]).toMatchObject({ err: { message: 'connection reset' } });
  });
});
