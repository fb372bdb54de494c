// The record of one HTTP exchange: what a check sent, what came back and how long it took,
// already redacted. Annotations, failure messages and the run record are all built from it.
import { z } from 'zod'

/** Where an attempt's time went (src/http/timing.ts measures them). */
export const Phases = z.object({
  /**
   * Waiting on our side for a free connection (SMOKE_MAX_CONNECTIONS) before anything went out:
   * our queue, not the service's time, so it is left out of attemptMs. Absent in older records.
   */
  queuedMs: z.number().nullable().optional(),
  /** A new connection was opened for this exchange (cold), or a kept-alive one reused (warm). */
  newConnection: z.boolean(),
  /** null on a new connection means no lookup happened: the host is an IP address. */
  dnsMs: z.number().nullable(),
  connectMs: z.number().nullable(),
  tlsMs: z.number().nullable(),
  /** From the request written to the first response byte: the server's think time. */
  waitMs: z.number().nullable(),
  downloadMs: z.number().nullable(),
})
export type Phases = z.infer<typeof Phases>

export const Timings = z.object({
  startedAt: z.iso.datetime(),
  /** Until the response headers arrived (includes connecting on a new connection, not our queue). */
  ttfbMs: z.number().nullable(),
  /** Until the whole body was read, or the exchange failed, retries and their waits included. */
  totalMs: z.number(),
  /** The attempt that produced the outcome, alone and without our own queue: what latency budgets judge. */
  attemptMs: z.number(),
  /** Where the answering attempt's time went. */
  phases: Phases,
})

export const Exchange = z.object({
  method: z.string(),
  url: z.string(),
  status: z.number().int().nullable(),
  statusText: z.string(),
  /** One sentence naming why no usable response came back; absent when one did. */
  error: z.string().optional(),
  /** The stable code of that failure (src/http/codes.ts): what code reads instead of `error`. */
  code: z.string().optional(),
  /** What was odd but accepted, such as JSON behind a byte order mark. */
  notes: z.array(z.string()).optional(),
  requestHeaders: z.record(z.string(), z.string()),
  responseHeaders: z.record(z.string(), z.string()),
  contentType: z.string().optional(),
  bytes: z.number().int().nonnegative(),
  bodyExcerpt: z.string(),
  /** The JSON body's paths and types (src/http/shape.ts), for noticing a changed response shape. */
  shape: z.array(z.string()).optional(),
  timings: Timings,
  attempts: z.number().int().positive(),
  /** Why each earlier attempt was retried (or why a retry was refused). */
  retries: z.array(z.string()),
  /** The URLs redirected from, in order, when the check followed redirects. */
  redirects: z.array(z.string()),
  curl: z.string(),
})
export type Exchange = z.infer<typeof Exchange>
