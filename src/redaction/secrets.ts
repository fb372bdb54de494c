// Secret values known to this process or thread. The registry lives on globalThis because
// Vitest loads the config, the global setup and the reporters as separate module instances
// in one process: a secret registered by one must be redacted by all.
const KEY = Symbol.for('smokecheck.secrets')
type Holder = { [KEY]?: Set<string> }

function registry(): Set<string> {
  const holder = globalThis as Holder
  holder[KEY] ??= new Set()
  return holder[KEY]
}

// Shorter values would redact ordinary words and numbers all over the reports.
const MIN_SECRET_LENGTH = 6

export function registerSecret(value: string): void {
  if (value.length >= MIN_SECRET_LENGTH) registry().add(value)
}

export function knownSecrets(): string[] {
  // Longest first, so a secret that contains another is replaced whole.
  return [...registry()].sort((a, b) => b.length - a.length)
}
