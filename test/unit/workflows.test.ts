// The workflows cannot run here: their YAML is read and held to what the post-deploy job promises
// (issue 19). Every action pinned by commit with its tag beside it, Dependabot to bump them, least
// privilege, a timeout on every job, the service's token in the one step that runs the checks,
// Node 24, the baseline and the Allure history kept as an artifact rather than in the cache. The
// post-deploy workflow fans out over Vitest shards and merges their blob reports into one (issue
// 15): its shell steps that decide the fan-out and the verdict run here, in bash, as on a runner.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROOT } from '../support/run-checks.ts'
import { tempFolder } from '../support/temp-folder.ts'

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
  needs?: string | string[]
  if?: string
  outputs?: Record<string, string>
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown> }
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
/** One shard of the checks, into Vitest's blob report (`SHARD` is `<i>/<n>`). */
const SHARD_RUN = `npm run smoke -- --shard="\${SHARD}" --reporter=blob`
const MERGE_RUN = 'npm run smoke -- --merge-reports'
/** The steps that run the checks: the one-off run, one shard of it, and one cycle of the monitor. */
const CHECK_STEPS = ['npm run smoke', SHARD_RUN, 'npm run monitor -- --once']
const POST_DEPLOY = ['.github/workflows/post-deploy.yml', 'templates/init/.github/workflows/post-deploy.yml']
/** A GitHub Actions expression, as the YAML spells it. */
const expression = (inner: string) => `\${{ ${inner} }}`
const HISTORY = expression('env.HISTORY_ARTIFACT')

/** The step that writes the run record: the one-off run, or the merge of the shards. */
const writesRecord = (step: Step) => step.run === 'npm run smoke' || step.run === MERGE_RUN
const isAction = (step: Step, action: string) => step.uses?.startsWith(`actions/${action}@`) === true
const pathsOf = (step: Step | undefined) =>
  String(step?.with?.path ?? '')
    .split('\n')
    .filter(Boolean)

/**
 * The folder an artifact uploaded from these paths is rooted at (upload-artifact keeps the paths
 * below the common folder of what precedes each path's first wildcard): where a download must put
 * it back for the files to land where they were.
 */
function artifactRoot(paths: string[]): string {
  const folders = paths.map((path) => {
    const parts = path.replace(/\/$/, '').split('/')
    const wild = parts.findIndex((part) => /[*?[]/.test(part))
    return wild < 0 ? parts : parts.slice(0, wild)
  })
  const [first = [], ...rest] = folders
  const common = first.filter((part, i) => rest.every((folder) => folder[i] === part))
  return first.slice(0, common.length).join('/')
}

/** A step's shell script run by bash as a runner runs it, with its outputs file. */
function runStep(step: Step | undefined, env: Record<string, string>) {
  const outputs = join(tempFolder('github-output'), 'output')
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', String(step?.run)], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: outputs, ...env },
  })
  let written = ''
  try {
    written = readFileSync(outputs, 'utf8')
  } catch {
    // Nothing written.
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}`, written }
}

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
    const node = all.filter((s) => isAction(s, 'setup-node'))
    expect(node.length).toBeGreaterThan(0)
    for (const step of node) expect(step.with?.['node-version']).toBe(24)
  })

  it('may read the earlier runs artifacts, and nothing more', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', actions: 'read' })
  })

  it('keeps the baseline, reports/history/full.json, as an artifact that outlives the cache', () => {
    const source = text(path)
    expect(source).not.toContain('actions/cache')
    expect(source).not.toContain('SMOKE_BASELINE')
    expect(source).not.toMatch(/run\.json.*baseline|baseline.*run\.json/)
    const uploads = all.filter((s) => isAction(s, 'upload-artifact') && s.with?.name === HISTORY)
    expect(uploads).toHaveLength(1)
    const [history] = uploads
    expect(pathsOf(history)).toContain('reports/history/')
    expect(history?.with?.['retention-days']).toBe(90)
    expect(history?.if).toContain('always()')
    // Each job that runs the checks or writes the record reads the history first, from the
    // earlier run, back where the upload took it from.
    const jobs = Object.values(workflow.jobs).filter((job) =>
      job.steps.some((s) => s.run?.startsWith('npm run smoke')),
    )
    expect(jobs.length).toBeGreaterThan(0)
    for (const job of jobs) {
      const at = (step: Step | undefined) => job.steps.indexOf(step as Step)
      const download = job.steps.find((s) => isAction(s, 'download-artifact') && s.with?.name === HISTORY)
      expect(download?.with?.path).toBe(artifactRoot(pathsOf(history)))
      expect(download?.with?.['run-id']).toBeDefined()
      expect(at(download)).toBeLessThan(at(job.steps.find((s) => s.run?.startsWith('npm run smoke'))))
    }
    // Uploaded after the run that wrote it, in the same job.
    const writer = jobs.find((job) => job.steps.includes(history as Step))
    const record = writer?.steps.find(writesRecord)
    expect(record).toBeDefined()
    expect(writer?.steps.indexOf(history as Step)).toBeGreaterThan(
      writer?.steps.indexOf(record as Step) ?? -1,
    )
  })
})

describe('the post-deploy job of this repository', () => {
  const workflow = read('.github/workflows/post-deploy.yml')
  const all = steps(workflow)
  const jobOf = (has: (step: Step) => boolean) =>
    Object.entries(workflow.jobs).find(([, j]) => j.steps.some(has))
  const [shardId, shard] = jobOf((s) => s.run === SHARD_RUN) ?? []
  const [planId, plan] = jobOf((s) => s.id === 'split') ?? []
  const [, merge] = jobOf((s) => s.run === MERGE_RUN) ?? []
  const needs = (job: Job | undefined) => [job?.needs ?? []].flat()

  it("uploads both HTML reports: Allure's for the reviewer, Vitest's for the developer", () => {
    const reports = all.find((s) => s.id === 'reports')
    expect(pathsOf(reports)).toEqual(expect.arrayContaining(['reports/allure/', 'reports/html/']))
    const report = all.find((s) => s.run === 'npm run report')
    expect(all.indexOf(report as Step)).toBeLessThan(all.indexOf(reports as Step))
    expect(all.find(writesRecord)?.env?.SMOKE_ALLURE).toBe('true')
  })

  it("keeps each service's record and history in a suite of several", () => {
    const history = all.find((s) => isAction(s, 'upload-artifact') && s.with?.name === HISTORY)
    expect(pathsOf(history)).toEqual(['reports/history/', 'reports/targets/*/*/history/'])
    expect(artifactRoot(pathsOf(history))).toBe('reports')
    expect(pathsOf(all.find((s) => s.id === 'reports'))).toContain('reports/targets/')
  })

  it('splits the checks into as many shards as asked: the input, else the variable, else one', () => {
    const split = plan?.steps.find((s) => s.id === 'split')
    expect(split?.env).toEqual({
      INPUT: expression('inputs.shards'),
      VARIABLE: expression('vars.POST_DEPLOY_SHARDS'),
    })
    for (const [given, list] of [
      [{ INPUT: '', VARIABLE: '' }, '[1]'],
      [{ INPUT: '3' }, '[1,2,3]'],
      [{ VARIABLE: '12' }, '[1,2,3,4,5,6,7,8,9,10,11,12]'],
      [{ INPUT: '2', VARIABLE: '5' }, '[1,2]'],
    ] as const) {
      const run = runStep(split, given)
      expect(run.status, run.output).toBe(0)
      expect(run.written).toBe(`count=${list.slice(1, -1).split(',').length}\nshards=${list}\n`)
    }
    // The shard jobs take the list and the count from the plan's outputs.
    expect(plan?.outputs).toMatchObject({
      count: expression('steps.split.outputs.count'),
      shards: expression('steps.split.outputs.shards'),
    })
    expect(needs(shard)).toContain(planId)
    expect(shard?.strategy?.matrix?.shard).toBe(expression(`fromJSON(needs.${planId}.outputs.shards)`))
  })

  it('refuses a shard count that is not a whole number from 1 to 99, naming where it came from', () => {
    const split = plan?.steps.find((s) => s.id === 'split')
    for (const [given, source, received] of [
      [{ INPUT: '0' }, 'the shards input', '0'],
      [{ INPUT: '100', VARIABLE: '2' }, 'the shards input', '100'],
      [{ INPUT: '2.5' }, 'the shards input', '2.5'],
      [{ VARIABLE: 'three' }, 'the repository variable POST_DEPLOY_SHARDS', 'three'],
      [{ INPUT: '1; echo shards=[1]' }, 'the shards input', '1; echo shards=[1]'],
    ] as const) {
      const run = runStep(split, given)
      expect(run.status, received).toBe(2)
      expect(run.written).toBe('')
      expect(run.output).toContain(
        `::error title=shards::${source}: received "${received}"; expected a whole number from 1 to 99`,
      )
    }
  })

  it('runs each shard into a blob report, uploaded whatever its checks said', () => {
    const steps = shard?.steps ?? []
    const checks = steps.find((s) => s.run === SHARD_RUN)
    expect(checks?.env?.SHARD).toBe(
      `${expression('matrix.shard')}/${expression(`needs.${planId}.outputs.count`)}`,
    )
    // A red shard must not stop the others: the merge reports every one.
    expect(shard?.strategy?.['fail-fast']).toBe(false)
    const blob = steps.find((s) => isAction(s, 'upload-artifact'))
    expect(steps.indexOf(blob as Step)).toBeGreaterThan(steps.indexOf(checks as Step))
    expect(blob?.if).toContain('always()')
    expect(blob?.with).toMatchObject({
      path: '.vitest-reports/',
      'include-hidden-files': true,
      overwrite: true,
    })
    expect(String(blob?.with?.name)).toContain(expression('matrix.shard'))
    // The merge writes the reports and the history; a shard uploads its blob alone.
    expect(steps.filter((s) => isAction(s, 'upload-artifact'))).toEqual([blob])
  })

  it('merges every blob into one report, whatever became of the shards', () => {
    expect(needs(merge)).toEqual(expect.arrayContaining([planId, shardId]))
    expect(merge?.if).toContain('always()')
    const steps = merge?.steps ?? []
    const blobs = steps.find((s) => isAction(s, 'download-artifact') && s.with?.pattern)
    expect(blobs?.with).toMatchObject({ path: '.vitest-reports', 'merge-multiple': true })
    const pattern = String(blobs?.with?.pattern)
    const name = String(shard?.steps.find((s) => isAction(s, 'upload-artifact'))?.with?.name)
    expect(pattern).toMatch(/^[\w-]+\*$/)
    expect(name.startsWith(pattern.slice(0, -1))).toBe(true)
    const merged = steps.find((s) => s.run === MERGE_RUN)
    expect(steps.indexOf(blobs as Step)).toBeLessThan(steps.indexOf(merged as Step))
  })

  it('is red when a shard job did not succeed, after every report is uploaded', () => {
    const steps = merge?.steps ?? []
    const gate = steps.find((s) => s.if?.includes(`needs.${shardId}.result != 'success'`))
    expect(gate?.if).toContain('always()')
    expect(gate?.env?.RESULT).toBe(expression(`needs.${shardId}.result`))
    const run = runStep(gate, { RESULT: 'failure' })
    expect(run.status).toBe(1)
    expect(run.output).toContain('::error title=shards::the shard jobs ended failure, not success')
    for (const later of steps.slice(steps.indexOf(gate as Step) + 1)) expect(later.if).toContain('always()')
    const uploads = steps.filter((s) => isAction(s, 'upload-artifact'))
    expect(uploads.length).toBe(2)
    for (const upload of uploads) expect(steps.indexOf(upload)).toBeLessThan(steps.indexOf(gate as Step))
  })
})

describe('.github/dependabot.yml', () => {
  it('bumps the pinned actions and the npm packages', () => {
    const config = parse(text('.github/dependabot.yml')) as { updates: { 'package-ecosystem': string }[] }
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
  })
})
