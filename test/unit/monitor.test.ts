// The monitor's parts that decide without a network: a check's state across cycles (thresholds,
// since-when), the alert it makes, the schedule, the history's rotation, and the checks project
// the monitor runs.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { alertFor } from '../../src/monitor/alerts/alert.ts'
import {
  type CheckState,
  freshState,
  type Observation,
  type Outcome,
  observe,
  type Transition,
} from '../../src/monitor/check-state.ts'
import { History } from '../../src/monitor/history.ts'
import { Scheduler } from '../../src/monitor/scheduler.ts'
import { defineSmokeConfig, MONITORING } from '../../src/suite/define-config.ts'
import { tempFolder } from '../support/temp-folder.ts'

const THRESHOLDS = { failure: 3, success: 2 }
const T0 = Date.parse('2026-12-07T06:00:00.000Z')
const minute = (n: number) => new Date(T0 + n * 60_000)

/** Feeds the outcomes, one a minute; returns the last state and every transition with its minute. */
function run(outcomes: Outcome[], start?: CheckState) {
  const seen = (outcome: Outcome): Observation => ({
    id: 'checks/a.check.ts > it answers',
    name: 'it answers',
    file: 'checks/a.check.ts',
    outcome,
    cause:
      outcome === 'fail' ? 'GET /health failed: connection refused' : outcome === 'warn' ? 'slow' : undefined,
    durationMs: 12,
  })
  let state = start ?? freshState(seen('pass'), minute(0))
  const transitions: { minute: number; transition: Transition }[] = []
  outcomes.forEach((outcome, i) => {
    const next = observe(state, seen(outcome), THRESHOLDS, minute(i + 1))
    state = next.state
    if (next.transition) transitions.push({ minute: i + 1, transition: next.transition })
  })
  return {
    state,
    transitions,
    moves: transitions.map((t) => `${t.transition.from}→${t.transition.to}@${t.minute}`),
  }
}

describe("a check's state", () => {
  it('stays up through blips shorter than the failure threshold', () => {
    const { state, moves } = run(['fail', 'fail', 'pass', 'fail', 'pass'])
    expect(moves).toEqual([])
    expect(state).toMatchObject({ state: 'up', streaks: { fail: 0 }, cause: null })
  })

  it('goes down at the third failure in a row, since the first of them', () => {
    const { state, moves } = run(['pass', 'fail', 'fail', 'fail', 'fail'])
    expect(moves).toEqual(['up→down@4'])
    expect(state).toMatchObject({ state: 'down', since: minute(2).toISOString(), streaks: { fail: 4 } })
    expect(state.cause).toBe('GET /health failed: connection refused')
  })

  it('comes back up after two passes in a row, not one', () => {
    const { moves, state } = run(['fail', 'fail', 'fail', 'pass', 'fail', 'pass', 'pass'])
    expect(moves).toEqual(['up→down@3', 'down→up@7'])
    expect(state).toMatchObject({ state: 'up', since: minute(7).toISOString(), cause: null })
  })

  it('is degraded after passes with a warning, and up after clean passes', () => {
    expect(run(['warn', 'warn', 'warn', 'pass', 'pass']).moves).toEqual(['up→degraded@3', 'degraded→up@5'])
    // Out of an incident with warnings still on: degraded, not up.
    expect(run(['fail', 'fail', 'fail', 'warn', 'warn']).moves).toEqual(['up→down@3', 'down→degraded@5'])
  })
})

describe('an alert', () => {
  it('names the check, the environment, the cause and since when; a recovery says how long it lasted', () => {
    const { transitions } = run(['fail', 'fail', 'fail', 'pass', 'pass'])
    const context = { service: 'blog-api', environment: 'production', curl: "curl -sS 'https://x/health'" }
    const [down, up] = transitions.map((t) => alertFor(t.transition, context, minute(t.minute)))
    expect(down).toMatchObject({
      kind: 'down',
      since: minute(1).toISOString(),
      durationS: 120,
      curl: context.curl,
      text: `[production] blog-api: "it answers" is down since ${minute(1).toISOString()} (2 min, 3 in a row): GET /health failed: connection refused`,
    })
    expect(up).toMatchObject({ kind: 'recovered', since: minute(1).toISOString(), durationS: 240 })
    expect(up?.text).toBe(
      `[production] blog-api: "it answers" recovered after 4 min down (since ${minute(1).toISOString()}); it was: GET /health failed: connection refused`,
    )
    expect(up).not.toHaveProperty('curl')
  })
})

describe('the schedule', () => {
  const entries = [
    { tag: 'critical', intervalMs: 30_000 },
    { tag: '*', intervalMs: 300_000 },
  ]

  it('runs everything first, then each entry on its own interval, a tagged one alone', () => {
    const scheduler = new Scheduler(entries, 0, () => 0.5, T0)
    const first = scheduler.next()
    expect(first).toMatchObject({ at: T0, tagsFilter: undefined })
    scheduler.ran(first, T0)
    const second = scheduler.next()
    expect(second).toMatchObject({ at: T0 + 30_000, tagsFilter: ['critical'] })
    // A cycle that overran its interval is due at once, never twice at once.
    scheduler.ran(second, T0 + 299_000)
    expect(scheduler.next()).toMatchObject({ at: T0 + 300_000, tagsFilter: undefined })
  })

  it('moves each cycle by at most the jitter', () => {
    const early = new Scheduler(entries, 10, () => 0, T0)
    early.ran(early.next(), T0)
    expect(early.next().at).toBe(T0 + 27_000)
    const late = new Scheduler(entries, 10, () => 1, T0)
    late.ran(late.next(), T0)
    expect(late.next().at).toBe(T0 + 33_000)
  })
})

describe('the history', () => {
  it('rotates at its size limit: the current file and the one before are all it keeps', () => {
    const dir = tempFolder('history')
    const history = new History(join(dir, 'history-local.jsonl'), 1024)
    const line = (i: number) => ({
      type: 'cycle' as const,
      at: minute(i).toISOString(),
      durationMs: i,
      cut: false,
      checks: [{ id: 'checks/a.check.ts > it answers', outcome: 'pass' as const, durationMs: 1 }],
    })
    for (let i = 0; i < 60; i++) history.append([line(i)])
    expect(readdirSync(dir).sort()).toEqual(['history-local.1.jsonl', 'history-local.jsonl'])
    const kept = history.read()
    expect(kept.length).toBeLessThan(60)
    expect(kept.at(-1)).toEqual(line(59))
    expect(kept.map((l) => l.at)).toEqual([...kept.map((l) => l.at)].sort())
  })
})

describe('the checks project', () => {
  it("runs a monitor's cycle in one worker, a one-off run in up to two", () => {
    const root = tempFolder('suite')
    mkdirSync(join(root, 'environments'))
    writeFileSync(join(root, 'environments', 'local.env'), 'SMOKE_BASE_URL=http://127.0.0.1:9\n')
    const maxWorkers = () =>
      defineSmokeConfig({ root, environments: 'environments' }).test?.projects?.map(
        (project) => typeof project === 'object' && 'test' in project && project.test?.maxWorkers,
      )
    const marks = globalThis as Record<symbol, unknown>
    expect(maxWorkers()).toEqual([2])
    marks[MONITORING] = true
    try {
      expect(maxWorkers()).toEqual([1])
    } finally {
      delete marks[MONITORING]
    }
  })
})
