// Where a service says which build it runs: a field of a JSON answer (`version`, or
// `build.version` in a build-info document) or a response header. The suite's configuration
// names it (defineSmokeConfig's `version`); the rollout gate, `toServeVersion` and the run
// record all read it through here, so no service's shape is written into the engine.
import { z } from 'zod'

const fieldPath = z
  .string()
  .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'expected a dot path such as version or build.commit')
/** A response header's name, compared in lower case as Node gives them. */
export const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'expected a header name such as x-app-version')
  .transform((name) => name.toLowerCase())

export const VersionSource = z
  .strictObject({
    /** What the rollout gate asks, and which answers the run record reads the version from. */
    path: z.string().startsWith('/', 'expected a path starting with /, such as /version'),
    versionField: fieldPath.optional(),
    commitField: fieldPath.optional(),
    versionHeader: headerName.optional(),
    commitHeader: headerName.optional(),
  })
  .refine((source) => source.versionField !== undefined || source.versionHeader !== undefined, {
    message: 'expected versionField (a field of the JSON body) or versionHeader (a response header)',
  })
export type VersionSource = z.output<typeof VersionSource>

/** What a build says of itself; the commit only where the service gives one. */
export interface SeenVersion {
  version: string
  commit?: string | undefined
}

/** What a response offers to read a version from. */
export interface VersionEvidence {
  headers: Record<string, string>
  /** The parsed JSON body, or the text. */
  body: unknown
}

/** A JSON body served under another content type (text/plain, say) is read as JSON all the same. */
function asJson(body: unknown): unknown {
  if (typeof body !== 'string') return body
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

function field(body: unknown, path: string): string | undefined {
  let value: unknown = asJson(body)
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
}

/** Why no version could be read, or what was read. */
export function readVersion(
  evidence: VersionEvidence,
  source: VersionSource,
): { ok: true; seen: SeenVersion } | { ok: false; problem: string } {
  const version = source.versionHeader
    ? evidence.headers[source.versionHeader]
    : field(evidence.body, source.versionField as string)
  if (version === undefined || version === '')
    return {
      ok: false,
      problem: source.versionHeader
        ? `has no ${source.versionHeader} header`
        : `has no version at ${source.versionField} in its body`,
    }
  const commit = source.commitHeader
    ? evidence.headers[source.commitHeader]
    : source.commitField
      ? field(evidence.body, source.commitField)
      : undefined
  return { ok: true, seen: { version, commit: commit || undefined } }
}

export interface ExpectedVersion {
  version?: string | undefined
  commit?: string | undefined
}

const short = (commit: string) => commit.slice(0, 12)

/** "1.8.3 (commit 9b2e4f7d1c0a)", or the version alone where the service names no commit. */
export function versionLabel(seen: SeenVersion): string {
  return seen.commit ? `${seen.version} (commit ${short(seen.commit)})` : seen.version
}

/** "1.8.3, commit 9b2e4f7d1c0a": what the deploy asked for. */
export const expectedLabel = (expected: ExpectedVersion) =>
  [expected.version, expected.commit && `commit ${short(expected.commit)}`].filter(Boolean).join(', ')

/** Why the build seen differs from the one expected, or undefined when it matches. */
export function versionMismatch(seen: SeenVersion, expected: ExpectedVersion): string | undefined {
  const wrongVersion = expected.version !== undefined && seen.version !== expected.version
  const wrongCommit = expected.commit !== undefined && !(seen.commit ?? '').startsWith(expected.commit)
  if (!wrongVersion && !wrongCommit) return undefined
  return `serves ${versionLabel(seen)}, expected ${expectedLabel(expected)}`
}
