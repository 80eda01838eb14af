export interface LoadOptions {
  /** Clients sending at the same time, each waiting for its answer before the next request. */
  concurrency: number;
  requests: number;
  /** Sends request number `index` and resolves when it is answered. */
  send(index: number): Promise<void>;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Requests per second over the whole run. */
  rate: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: Float64Array, fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** Sends `requests` requests from `concurrency` clients and measures rate and latency. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies = new Float64Array(options.requests);
  let next = 0;

  const client = async () => {
    for (let index = next++; index < options.requests; index = next++) {
      const sent = performance.now();
      try {
        await options.send(index);
      } catch (error) {
        // The other clients stop at their next request: a failed run has no figures.
        next = options.requests;
        throw error;
      }
      latencies[index] = performance.now() - sent;
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort();

  return {
    requests: options.requests,
    seconds,
    rate: options.requests / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1] ?? 0,
  };
}
