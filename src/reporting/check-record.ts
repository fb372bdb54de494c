// One check as the run record keeps it, and the build the service named. Apart from
// run-record.ts so that the comparison (changes.ts) and the record can both read it without
// importing each other.
import { z } from 'zod'
import { Exchange } from '../http/exchange.ts'
import { SampleSummary } from '../http/sample.ts'

export const DeployedVersion = z.object({ version: z.string(), commit: z.string().optional() })
export type DeployedVersion = z.infer<typeof DeployedVersion>

export const CheckRecord = z.object({
  /** `file > describe > name`: what the next run matches this check by. */
  id: z.string(),
  file: z.string(),
  name: z.string(),
  tags: z.array(z.string()),
  state: z.enum(['passed', 'failed', 'skipped', 'pending']),
  durationMs: z.number().nullable(),
  /** The first line of each error, for a failed check. */
  errors: z.array(z.string()),
  /** Each error as it states itself, before its evidence: a schema's every issue. */
  statements: z.array(z.string()).optional(),
  /** The stable code of what failed the check: its first error's, else its last failed exchange's. */
  code: z.string().optional(),
  /** Why a skipped check was skipped, when it said. */
  skipReason: z.string().optional(),
  /** Warning annotations: a flaky pass, a degraded dependency. */
  warnings: z.array(z.string()),
  exchanges: z.array(Exchange),
  samples: z.array(SampleSummary),
})
export type CheckRecord = z.infer<typeof CheckRecord>

/** What a comparison reads of a run: the fields every record has, whatever else it holds. */
export interface ComparableRun {
  startedAt: string
  baseUrl: string
  version: DeployedVersion | null
  checks: CheckRecord[]
}
