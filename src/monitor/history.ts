// The monitor's history: one JSON line a cycle (each check's outcome and duration) and one a
// transition (with its cause), appended to a file that is rotated once it reaches its size
// limit, so it cannot fill a disk: the current file and the one before it are all there is.
// The status page reads uptime, incidents and latency from it.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { redact } from '../redaction/redact.ts'

export const CycleLine = z.object({
  type: z.literal('cycle'),
  at: z.iso.datetime(),
  durationMs: z.number(),
  cut: z.boolean(),
  checks: z.array(
    z.object({
      id: z.string(),
      outcome: z.enum(['pass', 'warn', 'fail']),
      durationMs: z.number().nullable(),
    }),
  ),
})
export const TransitionLine = z.object({
  type: z.literal('transition'),
  at: z.iso.datetime(),
  id: z.string(),
  name: z.string(),
  from: z.enum(['up', 'degraded', 'down']),
  to: z.enum(['up', 'degraded', 'down']),
  since: z.iso.datetime(),
  cause: z.string().nullable(),
})
export const HistoryLine = z.discriminatedUnion('type', [CycleLine, TransitionLine])
export type HistoryLine = z.infer<typeof HistoryLine>

export class History {
  constructor(
    private readonly path: string,
    private readonly maxBytes: number,
  ) {}

  private get previous(): string {
    return this.path.replace(/\.jsonl$/, '.1.jsonl')
  }

  append(lines: readonly HistoryLine[]): void {
    if (!lines.length) return
    const text = `${redact(lines.map((line) => JSON.stringify(line)).join('\n'))}\n`
    mkdirSync(dirname(this.path), { recursive: true })
    if (existsSync(this.path) && statSync(this.path).size + Buffer.byteLength(text) > this.maxBytes)
      renameSync(this.path, this.previous)
    appendFileSync(this.path, text)
  }

  /** Every line kept, oldest first; a line that does not parse (a torn write) is skipped. */
  read(): HistoryLine[] {
    return [this.previous, this.path].flatMap((path) =>
      existsSync(path)
        ? readFileSync(path, 'utf8')
            .split('\n')
            .flatMap((line) => {
              if (!line) return []
              try {
                const parsed = HistoryLine.safeParse(JSON.parse(line))
                return parsed.success ? [parsed.data] : []
              } catch {
                return []
              }
            })
        : [],
    )
  }
}
