// The one owner of secret values: every secret, wherever it comes from (a setting, the demo
// service's token, a credential a service issued, one shared by a check's worker), comes in
// through registerSecret, and redact() reads what it keeps.
//
// The registry lives on globalThis because Vitest loads the config, the global setup and the
// reporters as separate module instances in one process: a secret registered by one must be
// redacted by all. Worker threads have registries of their own; a channel carries a value from
// a worker to the reporters (share.ts).
import { literalForms, SecretSearch } from './forms.ts'

const KEY = Symbol.for('smokecheck.secrets')
interface Registry {
  values: Set<string>
  /** The literal forms of `values`, longest first. */
  literal: string[]
  /** Built at registration, which is rare; redact() uses it on every string. */
  search: SecretSearch
  /** Shares to other processes in flight or done, by value: each value goes once. */
  shares: Map<string, Promise<unknown>>
}
type Holder = { [KEY]?: Registry }

function registry(): Registry {
  const holder = globalThis as Holder
  holder[KEY] ??= { values: new Set(), literal: [], search: new SecretSearch([]), shares: new Map() }
  return holder[KEY]
}

// Shorter values would redact ordinary words and numbers all over the reports.
const MIN_SECRET_LENGTH = 6

/** Hands a value to another process; what it returns settles when the value has arrived there. */
export type SecretChannel = (value: string) => unknown

/**
 * Makes the value a secret in this process or thread at once, and, given a channel, in the
 * process at its other end; resolves when both know it. Every sighting waits for the share, not
 * only the first: another check that got the same credential must not print it before the
 * reporters know it. A share that failed is tried again at the next sighting.
 */
export function registerSecret(value: string, channel?: SecretChannel): Promise<unknown> {
  const known = registry()
  if (value.length < MIN_SECRET_LENGTH) return Promise.resolve()
  if (!known.values.has(value)) {
    known.values.add(value)
    const values = [...known.values]
    known.literal = [...new Set(values.flatMap(literalForms))].sort((a, b) => b.length - a.length)
    known.search = new SecretSearch(values)
  }
  if (!channel) return Promise.resolve()
  let share = known.shares.get(value)
  if (!share) {
    share = Promise.resolve(channel(value))
    known.shares.set(value, share)
    share.catch(() => known.shares.delete(value))
  }
  return share
}

/** The common literal forms of every known secret, longest first. */
export function knownSecrets(): readonly string[] {
  return registry().literal
}

/** Where the known secrets are in a text, in any form: sorted, merged ranges. */
export function findSecrets(text: string): [number, number][] {
  return registry().search.find(text)
}
