// Drift between deploys: each full run keeps the service's OpenAPI document beside the run record
// of the whole suite (history/contract.json), and the next run compares its own document with it
// before any check starts, so that a check tagged `contract` can judge it and the run record and
// summary can show it. Like the baseline, a partial run compares but never replaces what is kept.
import { dirname, join } from 'node:path'
import { HISTORY } from '../config/defaults.ts'
import type { SmokeConfig } from '../config/load.ts'
import { createAgent } from '../http/agent.ts'
import { createHttpClient } from '../http/client.ts'
import { type Contract, loadContract } from './document.ts'
import { compareContracts } from './drift.ts'
import { announcesBreaking, type ContractDrift, KEPT, readKept } from './drift-record.ts'

async function currentContract(
  source: { path: string } | { file: string },
  config: SmokeConfig & { baseUrl: string },
) {
  if ('file' in source) return loadContract(source)
  const agent = createAgent(config)
  try {
    return await loadContract(
      source,
      createHttpClient({ config, baseUrl: config.baseUrl, dispatcher: agent }),
    )
  } finally {
    await agent.close()
  }
}

/**
 * Reads this run's document and compares it with the kept one: from history/ in the reports
 * folder, or beside SMOKE_BASELINE when the run is compared with a baseline brought from elsewhere.
 */
export async function driftSinceKept(input: {
  source: { path: string } | { file: string }
  config: SmokeConfig & { baseUrl: string }
  reportsDir: string
}): Promise<ContractDrift> {
  let contract: Contract
  try {
    contract = await currentContract(input.source, input.config)
  } catch (error) {
    const said = (error as Error).message.split('\n')[0]
    return { state: 'unavailable', note: `the service's OpenAPI document could not be read: ${said}` }
  }
  const { baseline, environment } = input.config
  const path = baseline ? join(dirname(baseline), KEPT) : join(input.reportsDir, HISTORY, KEPT)
  const { kept, note } = readKept(path, environment)
  const after = { version: contract.version }
  const first = (said: string): ContractDrift => ({
    state: 'first',
    note: said,
    document: contract.document,
    after,
    changes: [],
    announced: false,
  })
  if (!kept) return first(note)
  let before: Contract
  try {
    before = await loadContract({ document: kept.document })
  } catch (error) {
    return first(`${path} holds no usable document (${(error as Error).message}): nothing compared`)
  }
  const report = compareContracts(before, contract)
  return {
    state: 'compared',
    note,
    document: contract.document,
    before: { version: before.version, startedAt: kept.startedAt },
    after,
    changes: report.changes,
    announced: announcesBreaking(before.version, contract.version),
  }
}
