// What each fault of the reference service must do to the example checks. The demo-service
// tests and the FastAPI integration tests share this table: both services honour one contract.
import type { FaultName } from '../../examples/demo/faults.ts'

export interface FaultCase {
  fault: FaultName
  env?: Record<string, string>
  /** Check name → what its failure message must say. */
  fails: Record<string, RegExp>
  /** The checks that must fail are exactly those named, or all of them. */
  only: boolean | 'all'
  /** Checks that must still pass. */
  passes?: string[]
  /** Checks that must be skipped, and the reason they must give. */
  skips?: Record<string, RegExp>
}

export const FAULT_CASES: FaultCase[] = [
  {
    fault: 'slow',
    env: { SMOKE_LATENCY_BUDGET_MS: '300' },
    fails: {
      'liveness answers ok': /expected GET \/health to respond within 300 ms, it took \d{3,} ms/,
      'post listing matches its schema': /GET \/api\/posts\?limit=10 to respond within 300 ms/,
      'the post listing stays fast and error-free over 20 requests':
        /expected GET \/api\/posts\?limit=10 ×20 to keep p95 ≤ 300 ms, got p95 \d{3,} ms > 300 ms/,
    },
    only: true,
  },
  {
    fault: '500',
    fails: {
      'liveness answers ok': /expected GET \/health to answer 200, got 500 Internal Server Error/,
      'readiness: database, cache and jobs are healthy':
        /content-type text\/plain; charset=utf-8, expected a JSON body/,
      'admin stats refuse anonymous callers': /to answer 401, got 500/,
    },
    only: 'all',
  },
  {
    fault: 'bad_schema',
    fails: {
      'post listing matches its schema':
        /does not match the schema:(?=[\s\S]*✖ Invalid input: expected number, received string\n {2}→ at count\n)(?=[\s\S]*→ at items\[\*\]\.author, in 10 places \(items\[0\]\.author … items\[9\]\.author\))/,
      'post detail matches its schema': /does not match the schema/,
    },
    only: false,
    passes: ['liveness answers ok', 'readiness: database, cache and jobs are healthy'],
  },
  {
    fault: 'wrong_version',
    env: { SMOKE_EXPECTED_VERSION: '1.8.3', SMOKE_ROLLOUT_TIMEOUT_MS: '0' },
    fails: {
      'the deployed version is the one we expect':
        /^the expected version is not live: GET \/version still serves 1\.7\.9 \(commit 3f9c2a7d8e1b\), expected 1\.8\.3, after waiting \d+\.\d s \(SMOKE_ROLLOUT_TIMEOUT_MS=0\)/,
    },
    only: true,
    skips: {
      'post listing matches its schema': /^the new version is not live: GET \/version still serves 1\.7\.9/,
      'post detail matches its schema': /^the new version is not live/,
    },
  },
  {
    fault: 'no_auth',
    fails: {
      'admin stats refuse anonymous callers': /expected GET \/admin\/stats to answer 401, got 200 OK/,
      'admin stats refuse a wrong token': /expected GET \/admin\/stats to answer 401, got 200 OK/,
    },
    only: true,
  },
  {
    fault: 'hang',
    env: { SMOKE_HEADERS_TIMEOUT_MS: '400' },
    fails: {
      'liveness answers ok':
        /GET \/health failed: 127\.0\.0\.1:\d+ accepted the connection but sent no response headers within 400 ms \(SMOKE_HEADERS_TIMEOUT_MS\)/,
      'post listing matches its schema': /no response headers within 400 ms/,
      // Not 20 × 400 ms: the sample gives up on a service that keeps timing out.
      'the post listing stays fast and error-free over 20 requests':
        /to fail at most 0 % of the time, (\d+) of \1 failed \(100 %\): .*; stopped early after 3 timeouts in a row, with \1 of 20 requests sent/,
    },
    only: 'all',
  },
  {
    fault: 'db_down',
    fails: {
      'readiness: database, cache and jobs are healthy':
        /GET \/health\/ready reports not_ready: the database is down/,
      'post listing matches its schema': /to answer 200, got 503 Service Unavailable\n[\s\S]*retry-after: 30/,
    },
    only: false,
    passes: [
      'liveness answers ok',
      'version endpoint describes the deployment',
      'admin stats refuse anonymous callers',
    ],
  },
  {
    fault: 'no_headers',
    fails: {
      'API responses report server timing and cache status':
        /reported no metric named db \(no Server-Timing header\)/,
      'a repeated API request is served from the cache':
        /to be a cache miss, it sent no header saying whether a cache answered/,
    },
    only: true,
  },
  {
    fault: 'html',
    fails: {
      'liveness answers ok':
        /GET \/health answered 200 with content-type text\/html; charset=utf-8, expected a JSON body/,
      'admin stats refuse anonymous callers': /to answer 401, got 200 OK/,
    },
    only: 'all',
  },
  {
    fault: 'stale_jobs',
    fails: {
      'readiness: database, cache and jobs are healthy':
        /reports degraded: job feed-refresh is stale: last success 3\.0 h ago, expected within 10 min \(2 × its 300 s interval\)/,
    },
    only: true,
  },
  {
    // A null last_success is the contract's "never": the check names it, not a schema error.
    fault: 'job_never_succeeded',
    fails: {
      'readiness: database, cache and jobs are healthy':
        /reports degraded: job feed-refresh has never succeeded$/m,
    },
    only: true,
  },
]
