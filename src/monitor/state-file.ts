// The monitor's state, saved after every cycle and at the stop: each check's state and streaks,
// and the alerts each sink has yet to take. Read back at start, so a restart neither alerts again
// for an incident already announced nor forgets one that is open. One file an environment, in
// the reports folder; written to a temporary file first and renamed, so a stop mid-write
// leaves the previous state whole.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { redact } from '../redaction/redact.ts'
import { Alert } from './alerts/alert.ts'
import { CheckState } from './check-state.ts'

const FORMAT = 'smokecheck-monitor/1'

export const MonitorState = z.object({
  format: z.literal(FORMAT),
  environment: z.string(),
  savedAt: z.iso.datetime(),
  checks: z.record(z.string(), CheckState),
  outbox: z.object({ json: z.array(Alert), slack: z.array(Alert) }),
})
export type MonitorState = z.infer<typeof MonitorState>

export function emptyState(environment: string): MonitorState {
  return {
    format: FORMAT,
    environment,
    savedAt: new Date().toISOString(),
    checks: {},
    outbox: { json: [], slack: [] },
  }
}

/** The saved state, or a fresh one and why the saved one could not be used. */
export function readState(path: string, environment: string): { state: MonitorState; note?: string } {
  if (!existsSync(path)) return { state: emptyState(environment) }
  try {
    const parsed = MonitorState.safeParse(JSON.parse(readFileSync(path, 'utf8')))
    if (parsed.success) return { state: parsed.data }
    return {
      state: emptyState(environment),
      note: `${path} is not a ${FORMAT} state (${z.prettifyError(parsed.error).split('\n')[0]}): starting afresh`,
    }
  } catch (error) {
    return {
      state: emptyState(environment),
      note: `${path} could not be read (${(error as Error).message}): starting afresh`,
    }
  }
}

export function saveState(path: string, state: MonitorState): void {
  mkdirSync(dirname(path), { recursive: true })
  state.savedAt = new Date().toISOString()
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, redact(JSON.stringify(state, null, 2)))
  renameSync(temporary, path)
}
