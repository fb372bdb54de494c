// The workflows cannot run here: their YAML is read and held to what the post-deploy job promises
// (issue 19). Every action pinned by commit with its tag beside it, Dependabot to bump them, least
// privilege, a timeout on every job, the service's token in the one step that runs the checks,
// Node 24, the baseline and the Allure history kept as an artifact rather than in the cache.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROOT } from '../support/run-checks.ts'

interface Step {
  name?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, string>
  id?: string
  if?: string
}
interface Job {
  permissions?: unknown
  'timeout-minutes'?: number
  env?: Record<string, string>
  steps: Step[]
}
interface Workflow {
  permissions?: unknown
  env?: Record<string, string>
  jobs: Record<string, Job>
}

const FOLDERS = ['.github/workflows', 'templates/init/.github/workflows']
const WORKFLOWS = FOLDERS.flatMap((folder) =>
  readdirSync(join(ROOT, folder))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => join(folder, name)),
)
const text = (path: string) => readFileSync(join(ROOT, path), 'utf8')
const read = (path: string) => parse(text(path)) as Workflow
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps)
/** The steps that run the checks: the one-off run, and one cycle of the monitor. */
const CHECK_STEPS = ['npm run smoke', 'npm run monitor -- --once']
const POST_DEPLOY = ['.github/workflows/post-deploy.yml', 'templates/init/.github/workflows/post-deploy.yml']

describe.each(WORKFLOWS)('%s', (path) => {
  const workflow = read(path)

  it('pins every action by its full commit, with the tag in a comment', () => {
    const uses = steps(workflow).flatMap((s) => s.uses ?? [])
    expect(uses.length).toBeGreaterThan(0)
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/)
    // The comment is what Dependabot updates beside the SHA, and what a reader checks it against.
    const lines = text(path)
      .split('\n')
      .filter((line) => /^\s*(- )?uses:/.test(line))
    expect(lines).toHaveLength(uses.length)
    for (const line of lines) expect(line).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/)
  })

  it('grants read permissions only, at the top and in every job', () => {
    expect(workflow.permissions).toBeTypeOf('object')
    for (const permissions of [
      workflow.permissions,
      ...Object.values(workflow.jobs).map((j) => j.permissions),
    ])
      for (const level of Object.values((permissions ?? {}) as Record<string, string>))
        expect(level).toBe('read')
  })

  it('bounds every job with a timeout', () => {
    for (const [name, job] of Object.entries(workflow.jobs))
      expect(job['timeout-minutes'], `job ${name}`).toBeGreaterThan(0)
  })

  it('gives a secret only to the step that runs the checks, never to npm ci', () => {
    const secret = (values: Record<string, unknown> | undefined) =>
      Object.values(values ?? {}).some((v) => String(v).includes('secrets.'))
    expect(secret(workflow.env)).toBe(false)
    for (const job of Object.values(workflow.jobs)) expect(secret(job.env)).toBe(false)
    for (const step of steps(workflow)) {
      if (secret(step.env) || secret(step.with)) expect(CHECK_STEPS, JSON.stringify(step)).toContain(step.run)
      if (step.run?.includes('npm ci')) expect(step.env).toBeUndefined()
    }
  })

  it('leaves no credentials in the checkout', () => {
    for (const step of steps(workflow).filter((s) => s.uses?.startsWith('actions/checkout@')))
      expect(step.with?.['persist-credentials']).toBe(false)
  })
})

describe.each(POST_DEPLOY)('%s', (path) => {
  const workflow = read(path)
  const all = steps(workflow)

  it('runs on Node 24', () => {
    const node = all.filter((s) => s.uses?.startsWith('actions/setup-node@'))
    expect(node.map((s) => s.with?.['node-version'])).toEqual([24])
  })

  it('may read the earlier runs artifacts, and nothing more', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', actions: 'read' })
  })

  it('keeps the baseline, reports/history/full.json, as an artifact that outlives the cache', () => {
    const source = text(path)
    expect(source).not.toContain('actions/cache')
    expect(source).not.toContain('SMOKE_BASELINE')
    expect(source).not.toMatch(/run\.json.*baseline|baseline.*run\.json/)
    const download = all.find((s) => s.uses?.startsWith('actions/download-artifact@'))
    expect(download?.with).toMatchObject({ path: 'reports/history', name: '${{ env.HISTORY_ARTIFACT }}' })
    expect(download?.with?.['run-id']).toBeDefined()
    const history = all.find(
      (s) => s.uses?.startsWith('actions/upload-artifact@') && s.with?.name === '${{ env.HISTORY_ARTIFACT }}',
    )
    expect(history?.with).toMatchObject({ path: 'reports/history/', 'retention-days': 90 })
    expect(history?.if).toContain('always()')
    // Downloaded before the checks run, uploaded after.
    const at = (step: Step | undefined) => all.indexOf(step as Step)
    const checks = all.find((s) => s.run === 'npm run smoke')
    expect(at(download)).toBeLessThan(at(checks))
    expect(at(history)).toBeGreaterThan(at(checks))
  })
})

describe('the post-deploy job of this repository', () => {
  const all = steps(read('.github/workflows/post-deploy.yml'))

  it("uploads both HTML reports: Allure's for the reviewer, Vitest's for the developer", () => {
    const reports = all.find((s) => s.id === 'reports')
    expect(String(reports?.with?.path).split('\n')).toEqual(
      expect.arrayContaining(['reports/allure/', 'reports/html/']),
    )
    const report = all.find((s) => s.run === 'npm run report')
    expect(all.indexOf(report as Step)).toBeLessThan(all.indexOf(reports as Step))
    expect(all.find((s) => s.run === 'npm run smoke')?.env?.SMOKE_ALLURE).toBe('true')
  })
})

describe('.github/dependabot.yml', () => {
  it('bumps the pinned actions and the npm packages', () => {
    const config = parse(text('.github/dependabot.yml')) as { updates: { 'package-ecosystem': string }[] }
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
  })
})
