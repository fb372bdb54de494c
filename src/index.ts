// smokecheck's public face: what a suite's check files import (`import { check, expect } from
// 'smokecheck'`). Anything not exported here is the engine's own and may move between releases.
// The suite's vitest.config.ts imports `defineSmokeConfig` from 'smokecheck/config'.
import { expect } from 'vitest'

export { ReadinessReport, type ReadinessSchema, readinessWarnings } from './assertions/readiness.ts'
export type { SecurityPolicy } from './assertions/security-headers.ts'
export type { ValidationConvention, ValidationIssue } from './assertions/validation-matchers.ts'
export { type Contract, type ContractSource, loadContract } from './contract/document.ts'
export { compareContracts, type Drift, type DriftReport, driftLines } from './contract/drift.ts'
export type { ContractDrift } from './contract/drift-record.ts'
export { type WalkOptions, type WalkResult, walkContract, walkHeadline, walkTable } from './contract/walk.ts'
export type { HttpClient, RequestOptions } from './http/client.ts'
export type { ParseOptions, SmokeResponse } from './http/response.ts'
export type { SampleSummary } from './http/sample.ts'
export { fastapi } from './presets/fastapi.ts'
export { certificateLine } from './probes/certificate-verdict.ts'
export { resolutionLine, resolveHost } from './probes/dns.ts'
export { probeTcp } from './probes/tcp.ts'
export { probeTls } from './probes/tls.ts'
export { DeploymentVerdict } from './reporting/deployment.ts'
export type { ProvidedConfig as CheckConfig, Rollout } from './runner/provided.ts'
export { check } from './suite/check.ts'
export type { ExpectedVersion, VersionSource } from './version/source.ts'
export { expect }
