// Runs once before any check: validates the configuration (a bad setting stops the run
// here, before a single request), starts the embedded demo service when the local
// environment names no base URL, and provides the result to the check workers.
import { randomBytes } from 'node:crypto'
import type { TestProject } from 'vitest/node'
import { startDemoService } from '../../examples/demo/service.ts'
import { loadConfig } from '../config/load.ts'
import { registerSecret } from '../redaction/secrets.ts'
import type { ProvidedConfig } from './provided.ts'

export default async function setup(project: TestProject) {
  const config = loadConfig()
  if (config.baseUrl) {
    project.provide('smokecheck', { ...config, baseUrl: config.baseUrl })
    console.log(`smokecheck: checking ${config.baseUrl} (environment ${config.environment})`)
    return
  }
  // Only the local environment may omit the base URL (loadConfig enforces it elsewhere).
  const token = config.token ?? randomBytes(18).toString('base64url')
  registerSecret(token)
  const demo = await startDemoService({ token })
  const provided: ProvidedConfig = { ...config, baseUrl: demo.url, token }
  project.provide('smokecheck', provided)
  console.log(
    `smokecheck: checking the embedded demo service at ${demo.url} (environment ${config.environment})`,
  )
  return () => demo.close()
}
