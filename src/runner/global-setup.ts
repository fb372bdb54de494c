// Runs once before any check: validates the configuration (a bad setting stops the run
// here, before a single request), starts the suite's local target when the local
// environment names no base URL, waits for the expected version to go live, and provides
// the result to the check workers.
//
// The local target and the rollout poller are imported only when they are needed: against a
// real service with no expected version, that is a fifth of the start-up's CPU time saved
// (bench/configs.md).
import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { ConfigError } from '../config/errors.ts'
import { loadConfig, type SmokeConfig } from '../config/load.ts'
import { targetDir } from '../config/targets.ts'
import type { ContractDrift } from '../contract/drift-record.ts'
import { redactUrl } from '../redaction/redact.ts'
import type { ProvidedConfig, Rollout } from './provided.ts'

/** How many workers will run checks: no more than there are check files. */
async function workerCount(project: TestProject): Promise<number> {
  const { testFiles } = await project.globTestFiles()
  return Math.max(1, Math.min(project.config.maxWorkers, testFiles.length))
}

function perWorker(config: SmokeConfig, workers: number): ProvidedConfig['perWorker'] {
  // vitest.config.ts runs no more workers than connections; a maxWorkers edited by hand may.
  if (workers > config.maxConnections)
    throw new ConfigError(config.environment, [
      {
        key: 'SMOKE_MAX_CONNECTIONS',
        source: 'the settings and the --maxWorkers option',
        received: `${config.maxConnections} connections for ${workers} workers`,
        expected: `at least one connection a worker: SMOKE_MAX_CONNECTIONS=${workers}, or --maxWorkers=${config.maxConnections}`,
      },
    ])
  return {
    connections: Math.max(1, Math.floor(config.maxConnections / workers)),
    requests: Math.max(1, Math.floor(config.requestBudget / workers)),
  }
}

export default async function setup(project: TestProject) {
  const { smokecheckSuite: suite, smokecheckTarget: checked } = project.getProvidedContext()
  const config = loadConfig({
    root: project.config.root,
    environments: suite.environments,
    environment: checked.environment,
    service: checked.service,
  })
  const share = perWorker(config, await workerCount(project))
  // Several services: every line names the one it is about.
  const who = checked.service ? `${checked.name}: ` : ''
  let target: Awaited<ReturnType<typeof import('./local-target.ts').startLocalTarget>> | undefined
  if (config.baseUrl) {
    console.log(`smokecheck: ${who}checking ${redactUrl(config.baseUrl)} (environment ${config.environment})`)
  } else {
    target = await (await import('./local-target.ts')).startLocalTarget(project, suite, config)
    console.log(
      `smokecheck: ${who}checking ${target.name} at ${target.url} (environment ${config.environment})`,
    )
  }
  if (config.baselineUrl)
    console.log(
      `smokecheck: ${who}canary mode: every sample also asks the baseline ${redactUrl(config.baselineUrl)}, interleaved, and the two are compared request by request`,
    )
  const provided: ProvidedConfig = {
    ...config,
    baseUrl: target?.url ?? (config.baseUrl as string),
    token: target?.token ?? config.token,
    perWorker: share,
    versionSource: suite.version,
    buildHeader: suite.buildHeader,
    contract:
      suite.contract && 'file' in suite.contract
        ? { file: resolve(project.config.root, suite.contract.file) }
        : suite.contract,
  }
  const rollout: Rollout =
    config.expectedVersion || config.expectedCommit
      ? await (await import('./rollout.ts')).awaitRollout(provided)
      : { state: 'not_requested' }
  if (rollout.state === 'live' && rollout.waitedMs >= 1000) {
    console.log(
      `smokecheck: ${who}version ${rollout.version} is live (waited ${(rollout.waitedMs / 1000).toFixed(1)} s)`,
    )
  }
  if (rollout.state === 'not_live') console.log(`smokecheck: ${who}rollout not confirmed: ${rollout.reason}`)
  // After the rollout: the document of the build that is live now, compared with the one kept.
  const contractDrift: ContractDrift = provided.contract
    ? await (await import('../contract/kept.ts')).driftSinceKept({
        source: provided.contract,
        config: provided,
        reportsDir: targetDir(resolve(project.config.root, config.reportsDir), checked),
      })
    : { state: 'off' }
  project.provide('smokecheck', provided)
  project.provide('rollout', rollout)
  project.provide('contractDrift', contractDrift)
  return async () => {
    await target?.close()
    // The version check states the root cause, but a tag filter or a shard may leave it out:
    // the run must not end green while the old build is serving.
    if (rollout.state === 'not_live') {
      console.error(`smokecheck: ${who}the run fails: the expected version is not live: ${rollout.reason}`)
      process.exitCode = 1
    }
  }
}
