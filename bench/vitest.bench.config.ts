// For the configuration experiments only (`npm run bench -- --configs` and `--try`): the
// project's own vitest.config.ts with BENCH_OVERRIDES (JSON) spread over the checks project's
// test options, e.g. {"pool":"forks"} or {"maxWorkers":2,"maxConcurrency":20}. Everything
// else (include through SMOKE_CHECKS, global setup, timeouts, tags, reporters) is the real
// config. Vitest has no CLI flag for most per-project options (`--maxWorkers` sets the root's,
// which the project's own value overrides), hence this file. `npm run bench` itself runs
// vitest.config.ts unchanged.
import { defineConfig, type TestProjectConfiguration } from 'vitest/config'
import base from '../vitest.config.ts'
import { isChecksProject } from './checks-project.ts'

const overrides: Record<string, unknown> = JSON.parse(process.env.BENCH_OVERRIDES || '{}')

function forBench(project: TestProjectConfiguration): TestProjectConfiguration {
  if (!isChecksProject(project)) return project
  return { ...project, test: { ...project.test, ...overrides } }
}

const projects = base.test?.projects
if (!projects?.some(isChecksProject))
  throw new Error('bench/vitest.bench.config.ts: vitest.config.ts has no inline project named "checks"')

export default defineConfig({ ...base, test: { ...base.test, projects: projects.map(forBench) } })
