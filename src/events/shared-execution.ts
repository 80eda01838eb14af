import {
  createSourceEventStream,
  GraphQLError,
  type DocumentNode,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import { isAsyncIterable, isPromise, type Plugin, type PromiseOrValue } from 'graphql-yoga';
import { EventQueue } from './queue.js';
import type { Viewer } from '../auth/viewer.js';

/**
 * The results of one event, by document and then by what else the result depends on: the
 * operation, its variables and the API key. The feed hands the same event object to every
 * listener, so a result lives as long as some subscriber still has the event to send.
 */
const resultsByEvent = new WeakMap<object, WeakMap<DocumentNode, Map<string, Result>>>();

type Result = PromiseOrValue<ExecutionResult>;

/**
 * Subscribers with the same key get the same result for the same event: resolvers see nothing
 * of a subscriber but its viewer, its arguments and the event.
 */
function shareKey(args: ExecutionArgs): string {
  const viewer = (args.contextValue as { viewer: Viewer }).viewer;
  return [
    viewer.role,
    viewer.organizationId,
    viewer.apiKeyId,
    args.operationName ?? '',
    JSON.stringify(args.variableValues ?? {}),
  ].join('\u0000');
}

export interface SharingOptions {
  /** What is done to each result before it is sent: nothing, or what Yoga would do to it. */
  finish?: (result: ExecutionResult) => ExecutionResult;
  /** The context an event is executed in, made from the subscription's. */
  contextOf?: (contextValue: never) => unknown;
}

function executed(args: ExecutionArgs, event: unknown, options: SharingOptions): Result {
  const { finish = (done) => done, contextOf } = options;
  const contextValue = contextOf ? contextOf(args.contextValue as never) : args.contextValue;
  const result = execute({ ...args, contextValue, rootValue: event });
  return isPromise(result) ? result.then(finish) : finish(result);
}

function resultFor(event: unknown, key: string, args: ExecutionArgs, options: SharingOptions) {
  // Events are objects; anything else is executed for its subscriber alone.
  if (typeof event !== 'object' || event === null) return executed(args, event, options);

  let byDocument = resultsByEvent.get(event);
  if (!byDocument) {
    byDocument = new WeakMap();
    resultsByEvent.set(event, byDocument);
  }
  let byKey = byDocument.get(args.document);
  if (!byKey) {
    byKey = new Map();
    byDocument.set(args.document, byKey);
  }
  let result = byKey.get(key);
  if (!result) {
    result = executed(args, event, options);
    byKey.set(key, result);
    // Those who come once it is done take it as it is.
    if (isPromise(result))
      void result.then(
        (done) => byKey.set(key, done),
        () => {},
      );
  }

  return result;
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/**
 * The results of a subscription's events, one at a time. Leaving ends the event stream, whose
 * `return` may answer at once rather than with a promise. A class, as the queue of events is:
 * one lives as long as its subscription, by the thousand.
 */
class EventResults implements AsyncIterableIterator<ExecutionResult> {
  private readonly events: AsyncIterator<unknown>;
  private failed = false;

  constructor(
    source: AsyncIterable<unknown>,
    private readonly key: string,
    private readonly args: ExecutionArgs,
    private readonly options: SharingOptions,
  ) {
    this.events = source[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  // Without async functions: a result that is already there is sent a few ticks sooner.
  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.failed) return Promise.resolve(DONE);
    return this.events.next().then(
      (next) => (next.done ? next : this.event(next.value)),
      (error: unknown) => this.failure(error),
    );
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    await this.events.return?.();
    return DONE;
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.events.return?.();
    throw error;
  }

  /** The result of an event, as a read gives it. */
  event(
    value: unknown,
  ): IteratorResult<ExecutionResult> | Promise<IteratorResult<ExecutionResult>> {
    const result = resultFor(value, this.key, this.args, this.options);
    return isPromise(result)
      ? result.then((value) => ({ value, done: false }))
      : { value: result, done: false };
  }

  /**
   * A stream that fails ends with a result that says why, as its resolvers' errors are said,
   * rather than with an error the transport would show as it is.
   */
  failure(error: unknown): IteratorResult<ExecutionResult> {
    this.failed = true;
    const reason =
      error instanceof GraphQLError
        ? error
        : new GraphQLError(String((error as Error)?.message ?? error), {
            originalError: error as Error,
          });
    const { finish = (result: ExecutionResult) => result } = this.options;
    return { value: finish({ errors: [reason] }), done: false };
  }
}

/**
 * Runs each subscription's event stream as GraphQL does, but executes its selection once per
 * event for all the subscribers it would give the same result, instead of once for each: with
 * thousands of dashboards following one store, an event costs one execution and a send each.
 */
export async function sharedSubscribe(args: ExecutionArgs, options: SharingOptions = {}) {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return options.finish ? options.finish(source) : source;
  const key = shareKey(args);

  const results = new EventResults(source, key, args, options);
  // The feed's queues give results themselves; any other stream is read through `results`.
  return source instanceof EventQueue ? source.readAs(results) : results;
}

/** Yoga's subscriptions with results shared among subscribers; Yoga masks and logs them. */
export function useSharedSubscriptions(options: Pick<SharingOptions, 'contextOf'>): Plugin {
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(((args: ExecutionArgs) => sharedSubscribe(args, options)) as never);
    },
  };
}
