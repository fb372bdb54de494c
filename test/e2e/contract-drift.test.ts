// Drift between deploys, through real runs of the contract suite against the demo: the first full
// run keeps the service's document in history/, the next one compares with it before the checks
// and says the same drift in run.json, summary.md and the failing check tagged contract; a
// partial run compares but keeps nothing, a new major version announces a breaking change, and
// without a check tagged contract the drift is a warning in every output.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { demo } from '../support/demo.ts'
import { ROOT, runChecks } from '../support/run-checks.ts'
import { tempFolder } from '../support/temp-folder.ts'

const SUITE = join(ROOT, 'test/suites/contract.config.ts')
const DRIFT = 'the contract changed only as the deploy announced'

// biome-ignore lint/suspicious/noExplicitAny: the kept document is edited as the plain JSON it is
type Json = Record<string, any>
const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8'))

/** The kept document, as an earlier deploy of the demo would have documented itself. */
function earlierDeploy(keptPath: string, version: string): void {
  const kept = readJson(keptPath)
  const doc = kept.document
  doc.info.version = version
  kept.version = version
  // Since removed: an operation, and a field of every listed post.
  doc.paths['/legacy'] = { get: { operationId: 'legacy', responses: { 200: { description: 'ok' } } } }
  doc.components.schemas.PostSummary.properties.editor = { type: 'string' }
  doc.components.schemas.PostSummary.required.push('editor')
  // Since added: the liveness operation.
  delete doc.paths['/health']
  writeFileSync(keptPath, JSON.stringify(kept))
}

describe('drift between deploys, kept between runs', () => {
  it('keeps the document, then classifies the drift in every output, and a partial run keeps nothing', async () => {
    const { env } = await demo('none')
    const reportsDir = tempFolder('reports')
    const kept = join(reportsDir, 'history/contract.json')
    const run = (tagsFilter?: string[]) => runChecks({ env, suite: SUITE, reportsDir, tagsFilter })

    const first = await run()
    expect(first.failed).toEqual([])
    const note = `no document kept at ${kept}: nothing compared`
    expect(readJson(join(reportsDir, 'run.json')).contract).toEqual({
      note,
      before: null,
      after: { version: '1.8.3' },
      changes: [],
      announced: false,
    })
    expect(readJson(kept)).toMatchObject({
      format: 'smokecheck-contract/1',
      environment: 'local',
      version: '1.8.3',
    })
    expect(readFileSync(join(reportsDir, 'summary.md'), 'utf8')).toContain(`## Contract\n\n${note}.\n`)

    earlierDeploy(kept, '1.8.2')
    const keptAt = readJson(kept).startedAt
    const second = await run()
    const record = readJson(join(reportsDir, 'run.json'))
    const lines = [
      'breaking: GET /api/posts 200: response field items[].editor removed',
      'breaking: legacy (GET /legacy): operation removed',
      'non-breaking: health (GET /health): operation added',
      'informational: info.version 1.8.2 → 1.8.3',
    ]
    const verdict =
      '2 breaking changes the deploy did not announce (info.version 1.8.2 → 1.8.3, not a new major version): a check tagged contract fails on them'
    const compared = `compared with the document kept at ${kept} (the run of ${keptAt})`
    expect(record.contract).toEqual({
      note: compared,
      before: { version: '1.8.2', startedAt: keptAt },
      after: { version: '1.8.3' },
      changes: [
        {
          kind: 'breaking',
          says: lines[0]?.slice(10),
          operation: 'GET /api/posts',
          path: '200 items[].editor',
        },
        { kind: 'breaking', says: lines[1]?.slice(10), operation: 'GET /legacy' },
        { kind: 'non-breaking', says: lines[2]?.slice(14), operation: 'GET /health' },
        { kind: 'informational', says: lines[3]?.slice(15) },
      ],
      announced: false,
    })
    // The check tagged contract fails, so the run is red, and every output says why in the same words.
    expect(second.failed).toEqual([DRIFT])
    expect(second.get(DRIFT).message).toBe([compared, verdict, ...lines].join('\n'))
    expect(record.verdict).toBe('failed')
    expect(readFileSync(join(reportsDir, 'summary.md'), 'utf8')).toContain(
      `## Contract\n\n${compared}.\n\n${[verdict, ...lines].map((l) => `- ${l}`).join('\n')}\n`,
    )
    // A full run, red or not, keeps its document: the next run compares with this deploy's.
    expect(readJson(kept)).toMatchObject({ version: '1.8.3', startedAt: record.startedAt })

    // A partial run compares, but the kept document stays the whole suite's.
    earlierDeploy(kept, '0.9.0')
    const before = readFileSync(kept, 'utf8')
    const partial = await run(['contract'])
    expect(partial.passed).toEqual([DRIFT])
    const announced = readJson(join(reportsDir, 'run.json')).contract
    expect(announced).toMatchObject({ before: { version: '0.9.0' }, announced: true })
    expect(readFileSync(join(reportsDir, 'summary.md'), 'utf8')).toContain(
      '- 2 breaking changes, announced by a new major version (info.version 0.9.0 → 1.8.3)\n',
    )
    expect(readFileSync(kept, 'utf8')).toBe(before)

    // Without a check tagged contract in the run, nothing judges the drift: the run stays green, and
    // no output says a check failed on it.
    earlierDeploy(kept, '1.8.0')
    const unjudged = await run(['!contract'])
    expect(unjudged.failed).toEqual([])
    expect(readJson(join(reportsDir, 'run.json')).verdict).toBe('passed')
    expect(readFileSync(join(reportsDir, 'summary.md'), 'utf8')).toContain(
      '- 2 breaking changes the deploy did not announce (info.version 1.8.0 → 1.8.3, not a new major version): a warning, as no check tagged contract ran to judge them\n',
    )
  })
})
