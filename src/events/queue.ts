const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/**
 * The events waiting for one subscriber, read as an async iterator. Every event is pushed to
 * each of thousands of these, and each lives as long as its subscription: a class, whose methods
 * all queues share, keeps one at a few hundred bytes (general-purpose push iterators make a score
 * of closures apiece).
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: {
    resolve: (result: IteratorResult<T>) => void;
    reject: (error: unknown) => void;
  } | null = null;
  private ended = false;
  private failure: unknown = null;

  /** `onEnd` runs once, when the queue ends for whatever reason. */
  constructor(private readonly onEnd: () => void) {}

  /** How many events wait to be read. */
  get length() {
    return this.buffer.length;
  }

  /** Hands the subscriber an event, now if it waits, else when it asks. */
  push(value: T) {
    if (this.ended) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting.resolve({ value, done: false });
    } else {
      this.buffer.push(value);
    }
  }

  /** Ends the queue: the events in it are still read, then the error if one is given. */
  end(error?: unknown) {
    if (this.ended) return;
    this.ended = true;
    this.failure = error ?? null;
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) this.settle(waiting);
    this.onEnd();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0)
      return Promise.resolve({ value: this.buffer.shift()!, done: false });
    if (this.ended) return new Promise((resolve, reject) => this.settle({ resolve, reject }));

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
    if (failure) reader.reject(failure);
    else reader.resolve(DONE);
  }
}
