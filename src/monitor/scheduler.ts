// When each part of the suite runs next: every entry of SMOKE_MONITOR_SCHEDULE (`critical=30s`,
// `*=5m`) has its interval, moved by a random jitter so that monitors started together do not hit
// the service together. Cycles never overlap: the monitor asks for the next one when the last is
// over, and entries that fall due together (or nearly) share one cycle. A cycle of every check
// counts for each tag's entry too.
export interface ScheduleEntry {
  /** A declared tag, `*` for every check, or (with a colon) the projects of a service: `api:*`, `web:production`. */
  tag: string
  intervalMs: number
}

export const EVERYTHING = '*'

/** How close to the first due entry another must be to share its cycle, as a share of its interval. */
const SHARE_WINDOW = 0.1

export interface Plan {
  at: number
  /** Vitest's tags filter for the cycle's checks outside `projects`; undefined runs every check, [] none. */
  tagsFilter: string[] | undefined
  /** Projects (Vitest's patterns, `api:*`) whose every check the cycle runs, whatever its tags. */
  projects: string[]
  entries: ScheduleEntry[]
}

/** A schedule entry for the projects of a service rather than a tag. */
export const forProjects = (entry: ScheduleEntry) => entry.tag.includes(':')

export class Scheduler {
  private readonly due: Map<ScheduleEntry, number>

  constructor(
    private readonly entries: readonly ScheduleEntry[],
    private readonly jitterPercent: number,
    private readonly random: () => number = Math.random,
    now: number = Date.now(),
  ) {
    // Everything runs at start: the monitor knows nothing yet.
    this.due = new Map(entries.map((entry) => [entry, now]))
  }

  next(): Plan {
    const at = Math.min(...this.due.values())
    const entries = this.entries.filter(
      (entry) => (this.due.get(entry) as number) <= at + entry.intervalMs * SHARE_WINDOW,
    )
    const everything = entries.some((entry) => entry.tag === EVERYTHING)
    const tags = entries.filter((entry) => !forProjects(entry)).map((entry) => entry.tag)
    return {
      at,
      entries: everything ? [...this.entries] : entries,
      tagsFilter: everything ? undefined : tags.length ? [tags.join(' || ')] : [],
      projects: everything ? [] : entries.filter(forProjects).map((entry) => entry.tag),
    }
  }

  /** The plan's cycle began at `startedAt`: its entries are due again one interval (± jitter) later. */
  ran(plan: Plan, startedAt: number): void {
    for (const entry of plan.entries) {
      const jitter = (this.random() * 2 - 1) * (this.jitterPercent / 100)
      this.due.set(entry, startedAt + Math.round(entry.intervalMs * (1 + jitter)))
    }
  }
}
