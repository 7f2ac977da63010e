import autocannon from 'autocannon';
import { childConfig, processUsage, serveParent } from '../lib/child-process.js';
import { summarize } from '../lib/stats.js';

export interface CannonRun {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationSeconds: number;
}

/**
 * autocannon in a process of its own: fixed duration and connections, no pipelining. Latencies are taken
 * from every response (autocannon's own summary has no p95), and any non-2xx counts as an error.
 */
async function run(request: CannonRun) {
  const latencies: number[] = [];
  let non2xx = 0;
  const instance = autocannon({
    url: request.url,
    method: request.method ?? 'GET',
    headers: request.headers,
    body: request.body,
    connections: request.connections,
    duration: request.durationSeconds,
    pipelining: 1,
    timeout: 10,
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    else non2xx++;
  });
  const result = await instance;
  const errors = non2xx + result.errors + result.timeouts;
  return {
    ...summarize(latencies, errors, result.duration),
    errorSamples: errors > 0 ? [`${non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`] : [],
    requests: latencies.length + errors,
    latenciesMs: latencies,
  };
}

childConfig<unknown>();
serveParent({ pid: process.pid }, { run: (payload) => run(payload as CannonRun), usage: () => processUsage() });
