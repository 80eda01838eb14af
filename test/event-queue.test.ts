import { describe, expect, it, vi } from 'vitest';
import { EventQueue } from '../src/events/queue.js';

describe("a subscriber's event queue", () => {
  it('hands events in order, to a reader waiting or one that comes later', async () => {
    const queue = new EventQueue<number>(() => {});
    const waiting = queue.next();
    queue.push(1);
    queue.push(2);
    queue.push(3);

    await expect(waiting).resolves.toEqual({ value: 1, done: false });
    await expect(queue.next()).resolves.toEqual({ value: 2, done: false });
    await expect(queue.next()).resolves.toEqual({ value: 3, done: false });
  });

  it('ends once: what was queued is still read, then done; later pushes are dropped', async () => {
    const onEnd = vi.fn();
    const queue = new EventQueue<number>(onEnd);
    queue.push(1);
    queue.end();
    queue.end();
    queue.push(2);

    expect(onEnd).toHaveBeenCalledTimes(1);
    await expect(queue.next()).resolves.toEqual({ value: 1, done: false });
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('gives an error it ended with once, to the reader waiting', async () => {
    const queue = new EventQueue<number>(() => {});
    const waiting = queue.next();
    queue.end(new Error('the outbox could not be read'));

    await expect(waiting).rejects.toThrow('the outbox could not be read');
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('drops what is queued when the subscriber leaves, and answers a waiting reader', async () => {
    const onEnd = vi.fn();
    const queue = new EventQueue<number>(onEnd);
    queue.push(1);
    await expect(queue.return()).resolves.toEqual({ value: undefined, done: true });
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);

    const other = new EventQueue<number>(() => {});
    const waiting = other.next();
    await other.return();
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
  });
});
