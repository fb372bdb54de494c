// Small numeric helpers for the benchmark's tables.
import type { Measured } from './proc.ts'
import type { TargetStats } from './target.ts'

/** One timed run of a runner, with what the target saw of it. */
export interface Sample extends Measured {
  target: TargetStats
}

export const MIB = 1024 * 1024

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export interface Summary {
  runs: number
  wallMs: number
  minMs: number
  maxMs: number
  /** The highest peak of any run. */
  peakMiB: number
  peakInFlight: number
  connections: number
  processes: number
  /** Median CPU time (user + system) of the runner's processes. */
  cpuMs: number
  /** Median CPU load of everything else on the machine during the runs, in cores. */
  backgroundCores: number
  /** Median milliseconds from spawn to each phase mark seen in every run. */
  marks: Record<string, number>
}

/** Cores busy with other work while the sample ran (the benchmark's own target included). */
export function backgroundCores(s: Sample): number {
  return Math.max(0, s.machineBusyMs - s.cpuMs) / s.wallMs
}

export function summarize(samples: readonly Sample[]): Summary {
  const walls = samples.map((s) => s.wallMs)
  return {
    runs: samples.length,
    wallMs: median(walls),
    minMs: Math.min(...walls),
    maxMs: Math.max(...walls),
    peakMiB: Math.max(...samples.map((s) => s.peakRssBytes)) / MIB,
    peakInFlight: Math.max(...samples.map((s) => s.target.peakInFlight)),
    connections: Math.max(...samples.map((s) => s.target.connections)),
    processes: Math.max(...samples.map((s) => s.peakProcesses)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    backgroundCores: median(samples.map(backgroundCores)),
    marks: Object.fromEntries(
      Object.keys(samples[0]?.marks ?? {}).map((k) => [
        k,
        median(samples.map((s) => s.marks[k] ?? Number.NaN)),
      ]),
    ),
  }
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`
export const mib = (value: number): string => `${Math.round(value)} MiB`
export const percent = (value: number): string => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} %`

export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')
}

export type Progress = (line: string) => void

export function describeSample(s: Sample): string {
  return `${seconds(s.wallMs)} (CPU ${seconds(s.cpuMs)}), ${mib(s.peakRssBytes / MIB)}, ${s.target.peakInFlight} in flight, background ${backgroundCores(s).toFixed(2)} cores`
}
