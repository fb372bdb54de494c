// The ways the demo service can misbehave, one a name, so that every check has a target that fails
// the way a real deployment does.
import { z } from 'zod'
import { json, type Reply } from './reply.ts'

// Declared order, for messages: zod's `options` puts the integer-like '500' first.
export const FAULT_NAMES = [
  'none',
  'slow',
  '500',
  'bad_schema',
  'wrong_version',
  'no_auth',
  'hang',
  'db_down',
  'flaky',
  'no_headers',
  'html',
  'stale_jobs',
  'job_never_succeeded',
] as const
export const Fault = z.enum(FAULT_NAMES)
export type FaultName = z.infer<typeof Fault>

// What an old build still running would report.
export const STALE_BUILD = { version: '1.7.9', commit: '3f9c2a7d8e1b4c6a5f0e9d8c7b6a5f4e3d2c1b0a' }

// Far beyond twice the job interval, so any sane freshness rule calls it stale.
export const STALE_JOB_AGE_MS = 3 * 60 * 60 * 1000

// Starlette's answer to an unhandled exception: plain text, no JSON.
export const INTERNAL_ERROR: Reply = {
  status: 500,
  type: 'text/plain; charset=utf-8',
  body: 'Internal Server Error',
}

// A proxy's maintenance page: a 200 that is not the API at all.
const MAINTENANCE: Reply = {
  status: 200,
  type: 'text/html; charset=utf-8',
  body:
    '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Down for maintenance</title></head>\n' +
    "<body><h1>Down for maintenance</h1><p>We'll be back shortly.</p></body>\n</html>\n",
}

const UNAVAILABLE = json(503, { detail: 'temporarily unavailable' }, { 'retry-after': '1' })

// The faults of what stands in front of the application (a proxy's page, an overloaded upstream);
// the others live in the handlers they bend. `nth` counts requests to the same route since the
// fault was chosen, so 'flaky' fails on a predictable schedule.
export function faultReply(fault: FaultName, nth: number, flakyEvery: number): Reply | undefined {
  if (fault === 'html') return MAINTENANCE
  if (fault === 'flaky' && nth % flakyEvery === 0) return UNAVAILABLE
  return undefined
}
