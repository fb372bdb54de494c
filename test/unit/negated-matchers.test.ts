// Every matcher's `.not` means the opposite, with a sentence of its own; and where the answer
// showed nothing to judge (no cache header, no readiness body, a probe that could not tell), the
// claim and its `.not` both fail, so a negated expectation can never pass on silence.
import { describe, expect, it } from 'vitest'
import { ReadinessJudged } from '../../examples/contract/schemas.ts'
import { probeMatchers } from '../../src/assertions/probe-matchers.ts'
import { sampleMatchers } from '../../src/assertions/sample-matchers.ts'
import { serviceMatchers } from '../../src/assertions/service-matchers.ts'
import { signalMatchers } from '../../src/assertions/signal-matchers.ts'
import type { SampleSummary } from '../../src/http/sample.ts'
import type { Resolution } from '../../src/probes/dns.ts'
import type { TcpProbe } from '../../src/probes/tcp.ts'
import type { TlsProbe } from '../../src/probes/tls.ts'
import { fakeResponse } from './fake-response.ts'

expect.extend({ ...serviceMatchers, ...signalMatchers, ...sampleMatchers, ...probeMatchers })

const VERSION_SOURCE = { path: '/version', versionField: 'version' }
const NOW = new Date().toISOString()
const readiness = {
  status: 'ready',
  checks: {
    database: { status: 'up', latency_ms: 1 },
    cache: { status: 'up', hit_ratio: 0.5 },
    jobs: { status: 'ok', name: 'feed-refresh', last_success: NOW, interval_s: 300 },
  },
}
const ready = { staleFactor: 2, schema: ReadinessJudged }
const html = fakeResponse({ body: '<h1>Maintenance</h1>', headers: { 'content-type': 'text/html' } })

const tcp = (state: TcpProbe['state']): TcpProbe => ({
  kind: 'tcp',
  host: '127.0.0.1',
  port: 5432,
  state,
  ms: 1,
  timeoutMs: 1000,
  ...(state === 'open' ? {} : { code: state === 'error' ? 'ENOTFOUND' : 'ECONNREFUSED' }),
})
const dns = (fields: Partial<Resolution>): Resolution => ({
  kind: 'dns',
  name: 'www.example.test',
  addresses: [],
  ms: 1,
  ...fields,
})
const sample = (latency: SampleSummary['latency']): SampleSummary => ({
  method: 'GET',
  path: '/api/posts',
  n: 4,
  concurrency: 2,
  errors: latency ? 0 : 4,
  errorRate: latency ? 0 : 1,
  statuses: {},
  latency,
  cold: null,
  warm: null,
  failures: [],
})
const noCertificate: TlsProbe = {
  kind: 'tls',
  host: '127.0.0.1',
  port: 443,
  identity: '127.0.0.1',
  servername: '',
  checkedAt: NOW,
  ms: 1,
  authorized: false,
  error: '127.0.0.1:443 refused the connection [ECONNREFUSED]',
}

/** A claim on a subject where it holds: `.not` fails, naming what it saw. */
const holds: [string, () => void, RegExp][] = [
  [
    'toBeReady',
    () => expect(fakeResponse({ body: readiness })).not.toBeReady(ready),
    /not to report ready, it did/,
  ],
  [
    'toServeVersion',
    () =>
      expect(fakeResponse({ body: { version: '1.8.3' } })).not.toServeVersion(
        { version: '1.8.3' },
        VERSION_SOURCE,
      ),
    /not to serve 1\.8\.3, it does/,
  ],
  [
    'toBeCacheHit',
    () => expect(fakeResponse({ headers: { 'x-cache': 'HIT' } })).not.toBeCacheHit(),
    /not to be a cache hit, it was/,
  ],
  [
    'toHaveServerTiming',
    () =>
      expect(fakeResponse({ headers: { 'server-timing': 'db;dur=3' } })).not.toHaveServerTiming('db', {
        maxDur: 50,
      }),
    /not to report server timing db within 50 ms, it did/,
  ],
  [
    'toHaveLatency',
    () =>
      expect(sample({ count: 4, min: 1, p50: 2, p95: 3, p99: 3, max: 3 })).not.toHaveLatency({ p95: 100 }),
    /to break p95 ≤ 100 ms, it kept it/,
  ],
  ['toBeClosed', () => expect(tcp('closed')).not.toBeClosed(), /not to be closed/],
  [
    'toResolve',
    () => expect(dns({ addresses: ['203.0.113.10'] })).not.toResolve(),
    /not to resolve, it resolves to 203\.0\.113\.10/,
  ],
]

/** A subject that shows nothing to judge: the claim and its `.not` both fail, with the same cause. */
const unobservable: [string, (negated: boolean) => void, RegExp][] = [
  [
    'toBeReady on a page that is no readiness body',
    (negated) => (negated ? expect(html).not : expect(html)).toBeReady(ready),
    /expected a JSON body/,
  ],
  [
    'toServeVersion on an answer without the version',
    (negated) => {
      const res = fakeResponse({ body: { status: 'ok' } })
      ;(negated ? expect(res).not : expect(res)).toServeVersion({ version: '1.8.3' }, VERSION_SOURCE)
    },
    /has no version at version in its body/,
  ],
  [
    'toBeCacheHit on an answer that says nothing of a cache',
    (negated) => (negated ? expect(fakeResponse()).not : expect(fakeResponse())).toBeCacheHit(),
    /it sent no header saying whether a cache answered/,
  ],
  [
    'toHaveServerTiming with a budget, on an answer without the metric',
    (negated) =>
      (negated ? expect(fakeResponse()).not : expect(fakeResponse())).toHaveServerTiming('db', {
        maxDur: 50,
      }),
    /reported no metric named db/,
  ],
  [
    'toHaveLatency on a sample with no answers',
    (negated) => (negated ? expect(sample(null)).not : expect(sample(null))).toHaveLatency({ p95: 100 }),
    /got no answers at all/,
  ],
  [
    'toBeClosed when the probe could not tell',
    (negated) => (negated ? expect(tcp('error')).not : expect(tcp('error'))).toBeClosed(),
    /could not be probed \[ENOTFOUND\]/,
  ],
  [
    'toBeOpen when the probe could not tell',
    (negated) => (negated ? expect(tcp('error')).not : expect(tcp('error'))).toBeOpen(),
    /could not be probed \[ENOTFOUND\]/,
  ],
  [
    'toResolve when the resolver timed out',
    (negated) => {
      const timedOut = dns({ error: 'the DNS query timed out [ETIMEOUT]', code: 'ETIMEOUT' })
      ;(negated ? expect(timedOut).not : expect(timedOut)).toResolve()
    },
    /the resolver could not tell/,
  ],
  [
    'toHaveValidCertificate when no certificate came back',
    (negated) => (negated ? expect(noCertificate).not : expect(noCertificate)).toHaveValidCertificate(),
    /refused the connection/,
  ],
]

describe('negated matchers', () => {
  it.each(holds)('%s: .not fails where the claim holds, saying so', (_, run, says) => {
    expect(run).toThrow(says)
  })

  it.each(unobservable)('%s: fails, and so does .not', (_, run, says) => {
    expect(() => run(false)).toThrow(says)
    expect(() => run(true)).toThrow(says)
  })

  it('still passes .not where the opposite was observed', () => {
    expect(fakeResponse({ headers: { 'x-cache': 'MISS' } })).not.toBeCacheHit()
    expect(fakeResponse({ body: { version: '1.7.9' } })).not.toServeVersion(
      { version: '1.8.3' },
      VERSION_SOURCE,
    )
    expect(tcp('open')).not.toBeClosed()
    expect(dns({ error: 'no such name [ENOTFOUND]', code: 'ENOTFOUND' })).not.toResolve()
    expect(fakeResponse()).not.toHaveServerTiming('debug')
  })
})
