// The end of a run of several services: each target's record is written under its own folder
// (write-run-record.ts); this writes the whole run's run.json, summary.md, verdict.json and job
// summary from them, and says the verdict of each and of the whole last.
import { join } from 'node:path'
import { redact } from '../redaction/redact.ts'
import { writeReport } from './outputs.ts'
import type { RunRecord } from './run-record.ts'
import type { Selection } from './selection.ts'
import { describeTargets, renderTargetsSummary, targetsRecord, targetsVerdict } from './targets-record.ts'
import { type Problem, type Verdict, verdictOf } from './verdict.ts'

export function writeTargetsRecord(input: {
  judged: { verdict: Verdict; selection: Selection }
  records: readonly (RunRecord & { name: string; service?: string | undefined })[]
  dir: string
  stepSummary: string | undefined
  onProblem: (problem: Problem) => void
}): string[] {
  const { dir } = input
  let verdict = input.judged.verdict
  const records = input.records.map((r) => ({ ...r, service: r.service ?? r.name }))
  const record = () => targetsRecord({ verdict, selection: input.judged.selection, targets: records })
  const write = (path: string, text: string, append = false) => {
    const problem = writeReport(dir, path, text, append)
    if (!problem || verdict.problems.some((p) => p.message === problem.message)) return
    input.onProblem(problem)
    verdict = verdictOf([...verdict.problems, problem], verdict.causes)
  }
  const writeAll = () => {
    write(join(dir, 'run.json'), redact(JSON.stringify(record(), null, 2)))
    write(join(dir, 'summary.md'), redact(renderTargetsSummary(record())))
    write(join(dir, 'verdict.json'), redact(JSON.stringify(targetsVerdict(record()), null, 2)))
  }
  writeAll()
  if (input.stepSummary) write(input.stepSummary, `\n${redact(renderTargetsSummary(record()))}`, true)
  // One of them failed: the others, written green a moment ago, must say red too.
  if (verdict.problems.some((p) => p.code === 'REPORT_NOT_WRITTEN')) writeAll()
  return describeTargets(record()).map(redact)
}
