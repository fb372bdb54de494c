// Secret values known to this process or thread. The registry lives on globalThis because
// Vitest loads the config, the global setup and the reporters as separate module instances
// in one process: a secret registered by one must be redacted by all.
const KEY = Symbol.for('smokecheck.secrets')
interface Registry {
  values: Set<string>
  /** `values`, longest first; redact() reads it for every string, registration is rare. */
  sorted: string[]
}
type Holder = { [KEY]?: Registry }

function registry(): Registry {
  const holder = globalThis as Holder
  holder[KEY] ??= { values: new Set(), sorted: [] }
  return holder[KEY]
}

// Shorter values would redact ordinary words and numbers all over the reports.
const MIN_SECRET_LENGTH = 6

/**
 * The forms a secret takes on its way out: as it is, percent-encoded in a query value or a
 * form body (the two encodings differ on `!'()~`), and base64 or base64url, as a service
 * that echoes it encoded would send it. Base64 without its padding, which URL-safe encoders
 * drop and which gives nothing away. A secret inside a longer base64 value (a Basic header's
 * user:password) shifts with its offset and is not matched; the header is redacted whole.
 */
function formsOf(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  return [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice('v='.length),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
  ]
}

/** Returns whether the value is new here, so that a caller shares it with other processes once. */
export function registerSecret(value: string): boolean {
  const known = registry()
  if (value.length < MIN_SECRET_LENGTH || known.values.has(value)) return false
  for (const form of formsOf(value)) known.values.add(form)
  // Longest first, so a secret that contains another is replaced whole.
  known.sorted = [...known.values].sort((a, b) => b.length - a.length)
  return true
}

export function knownSecrets(): readonly string[] {
  return registry().sorted
}
