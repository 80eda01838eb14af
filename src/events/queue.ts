const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

type Read<T> = IteratorResult<T> | Promise<IteratorResult<T>>;

/** What a read gives of an event, and of the error a queue ended with. */
export interface Reader<T, R = unknown> {
  event(value: T): IteratorResult<R> | Promise<IteratorResult<R>>;
  failure(error: unknown): IteratorResult<R>;
}

/**
 * The events waiting for one subscriber, read as an async iterator. Every event is pushed to
 * each of thousands of these, and each lives as long as its subscription: a class, whose methods
 * all queues share, keeps one at a few hundred bytes (general-purpose push iterators make a score
 * of closures apiece).
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: {
    resolve: (result: Read<T>) => void;
    reject: (error: unknown) => void;
  } | null = null;
  private isEnded = false;
  private failure: unknown = null;
  private reader: Reader<T> | null = null;

  /** `onEnd` runs once, when the queue ends for whatever reason. */
  constructor(private readonly onEnd: () => void) {}

  /**
   * From now on a read gives what `reader` makes of each event, and of the error the queue may
   * end with, instead of the event: a subscription's results come out of its queue in one
   * promise each, rather than in a promise of the queue's and another of the results'.
   */
  readAs<R>(reader: Reader<T, R>): AsyncIterableIterator<R> {
    this.reader = reader as Reader<T>;
    return this as unknown as AsyncIterableIterator<R>;
  }

  /** Whether the queue has ended: nothing pushed is read any more. */
  get ended() {
    return this.isEnded;
  }

  /** How many events wait to be read. */
  get length() {
    return this.buffer.length;
  }

  /** Hands the subscriber an event, now if it waits, else when it asks. */
  push(value: T) {
    if (this.isEnded) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting.resolve(this.read(value));
    } else {
      this.buffer.push(value);
    }
  }

  /** Ends the queue: the events in it are still read, then the error if one is given. */
  end(error?: unknown) {
    if (this.isEnded) return;
    this.isEnded = true;
    this.failure = error ?? null;
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) this.settle(waiting);
    this.onEnd();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve(this.read(this.buffer.shift()!));
    if (this.isEnded) return new Promise((resolve, reject) => this.settle({ resolve, reject }));

    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** The subscriber leaves: what is queued is dropped. */
  return(): Promise<IteratorResult<T>> {
    this.buffer.length = 0;
    this.end();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  /** The end as a reader sees it: the error once, then done. */
  private settle(reader: NonNullable<EventQueue<T>['waiting']>) {
    const failure = this.failure;
    this.failure = null;
    if (!failure) reader.resolve(DONE);
    else if (this.reader) reader.resolve(this.reader.failure(failure) as IteratorResult<T>);
    else reader.reject(failure);
  }

  /** An event as a read gives it: itself, or what the reader makes of it. */
  private read(value: T): Read<T> {
    return this.reader ? (this.reader.event(value) as Read<T>) : { value, done: false };
  }
}
