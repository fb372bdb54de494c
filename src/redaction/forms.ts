// Every form in which a reader, or a tool a reader has, could turn text back into a secret.
//
// Rather than spell each secret in every escaping (there are too many mixtures: a service that
// escapes only its slashes, JSON inside a JSON string, a value percent-encoded twice), the text
// is decoded once, as a reader would, into a view that remembers where each decoded character
// came from: JSON escapes with any number of backslashes (`\/`, `\u002B`, `\\u002b`), percent-
// encoding in either hex case (`%2B`, `%2b`, `%252B`) and HTML or XML character references.
// The secrets and their base64 and base64url spellings are searched in that view, and what they
// cover in the text is what gets replaced. A text with no `\`, `%` or `&` is its own view.

// Characters JSON writes as a backslash and a letter.
const SHORT_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }
const NAMED_REFERENCES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
// Shorter base64 pieces would turn up in unrelated base64 (images, hashes) by chance.
const MIN_BASE64_PIECE = 8
const HEX = /^[0-9a-fA-F]+$/
// JSON in JSON in JSON is as deep as reports go; each level of percent-encoding adds one more.
const MAX_DEPTH = 4
const CUT = '…'
const MIN_CUT_PREFIX = 4
/** The start of an escape, which a cut may have left unfinished. */
const PARTIAL_ESCAPE = /(?:\\+(?:u[0-9a-fA-F]{0,3})?|%(?:25)*[0-9a-fA-F]?|&#?[xX]?[0-9a-fA-F]{0,6})$/

/** What one escape decodes to, and how many characters of the text it takes. */
type Decoded = { units: string; length: number }

function jsonEscape(text: string, at: number): Decoded | undefined {
  let end = at
  while (text.charCodeAt(end) === 92) end++
  const letter = text[end]
  if (letter === 'u') {
    const digits = text.slice(end + 1, end + 5)
    if (digits.length === 4 && HEX.test(digits))
      return { units: String.fromCharCode(Number.parseInt(digits, 16)), length: end + 5 - at }
    return undefined
  }
  if (letter === '"' || letter === '/' || letter === "'") return { units: letter, length: end + 1 - at }
  const short = letter === undefined ? undefined : SHORT_ESCAPES[letter]
  if (short !== undefined) return { units: short, length: end + 1 - at }
  // An escaped backslash (`\\`, nested `\\\\`) stands for one.
  return end - at >= 2 ? { units: '\\', length: end - at } : undefined
}

/** `%XX`, with the `%` itself encoded any number of times (`%252B`). */
function percentByte(text: string, at: number): { byte: number; length: number } | undefined {
  if (text.charCodeAt(at) !== 37) return undefined
  let end = at + 1
  while (text.startsWith('25', end) && HEX.test(text.slice(end + 2, end + 4))) end += 2
  const digits = text.slice(end, end + 2)
  if (digits.length !== 2 || !HEX.test(digits)) return undefined
  return { byte: Number.parseInt(digits, 16), length: end + 2 - at }
}

function percentEscape(text: string, at: number): Decoded | undefined {
  const lead = percentByte(text, at)
  if (!lead) return undefined
  const count =
    lead.byte < 0x80 ? 1 : lead.byte >= 0xf0 ? 4 : lead.byte >= 0xe0 ? 3 : lead.byte >= 0xc0 ? 2 : 0
  const bytes = [lead.byte]
  let length = lead.length
  for (let i = 1; i < count; i++) {
    const next = percentByte(text, at + length)
    if (!next || (next.byte & 0xc0) !== 0x80) return undefined
    bytes.push(next.byte)
    length += next.length
  }
  if (count === 0) return undefined
  return { units: Buffer.from(bytes).toString('utf8'), length }
}

function characterReference(text: string, at: number): Decoded | undefined {
  // The longest reference is `&#x10FFFF;`: a bounded look keeps a text full of `&` linear.
  const end = at + text.slice(at, at + 10).indexOf(';')
  if (end < at) return undefined
  const name = text.slice(at + 1, end)
  const named = NAMED_REFERENCES[name.toLowerCase()]
  if (named) return { units: named, length: end + 1 - at }
  const code = /^#[xX][0-9a-fA-F]+$/.test(name)
    ? Number.parseInt(name.slice(2), 16)
    : /^#\d+$/.test(name)
      ? Number.parseInt(name.slice(1), 10)
      : Number.NaN
  if (!(code >= 0 && code <= 0x10ffff)) return undefined
  return { units: String.fromCodePoint(code), length: end + 1 - at }
}

function decodeAt(text: string, at: number): Decoded | undefined {
  const code = text.charCodeAt(at)
  if (code === 92) return jsonEscape(text, at)
  if (code === 37) return percentEscape(text, at)
  return characterReference(text, at)
}

/**
 * The text as a reader decodes it. `spans` says where each decoded escape came from: the
 * view's characters between spans are the text's own, one for one.
 */
class DecodedView {
  readonly text: string
  readonly input: string
  /** Per decoded escape: where it starts in the view, and where it starts and ends in the text. */
  private readonly spans: { view: number; from: number; to: number; units: number }[] = []

  /** `escapes`: where an escape starts that may decode to a character of what is searched. */
  constructor(original: string, escapes: RegExp) {
    this.input = original
    let view = ''
    let copied = 0
    escapes.lastIndex = 0
    for (let match = escapes.exec(original); match; match = escapes.exec(original)) {
      const decoded = decodeAt(original, match.index)
      if (!decoded) continue
      view += original.slice(copied, match.index)
      this.spans.push({
        view: view.length,
        from: match.index,
        to: match.index + decoded.length,
        units: decoded.units.length,
      })
      view += decoded.units
      copied = match.index + decoded.length
      escapes.lastIndex = copied
    }
    this.text = this.spans.length ? view + original.slice(copied) : original
  }

  /** Where the view's position lies in the text: `end` for the end of a range, else its start. */
  position(at: number, end: boolean): number {
    let low = 0
    let high = this.spans.length - 1
    let before: (typeof this.spans)[number] | undefined
    while (low <= high) {
      const middle = (low + high) >> 1
      const span = this.spans[middle]
      if (span && span.view <= at - (end ? 1 : 0)) {
        before = span
        low = middle + 1
      } else high = middle - 1
    }
    if (!before) return at
    const inside = at - before.view - (end ? 1 : 0) < before.units
    if (inside) return end ? before.to : before.from
    return before.to + (at - before.view - before.units)
  }
}

/**
 * The base64 characters that only the value's own bits decide, for each of the three places
 * (modulo 3 bytes) it can start at inside longer encoded data: a Basic header's user:password,
 * a token inside an encoded JSON document. Standalone, the value is at place 0 and its last
 * character is added, so that nothing of it is left beside the marker.
 */
function base64Pieces(value: Buffer): string[] {
  const pieces = [value.toString('base64').replace(/=+$/, '')]
  for (let place = 0; place < 3; place++) {
    const encoded = Buffer.concat([Buffer.alloc(place), value]).toString('base64')
    pieces.push(encoded.slice(Math.ceil((8 * place) / 6), Math.floor((8 * (place + value.length)) / 6)))
  }
  return pieces.filter((piece) => piece.length >= MIN_BASE64_PIECE)
}

const toBase64url = (base64: string) => base64.replaceAll('+', '-').replaceAll('/', '_')

/** A text a secret is searched as; `padded`: a standalone base64 value, whose `=` go with it. */
interface Spelling {
  text: string
  padded: boolean
}

/** What a secret is searched as in the decoded view: itself (with form-encoding's `+` for a space), its base64 and base64url. */
function spellingsOf(secret: string): Spelling[] {
  const [standalone = '', ...pieces] = base64Pieces(Buffer.from(secret, 'utf8'))
  const padded = new Set([standalone, toBase64url(standalone)])
  const texts = [secret, secret.replaceAll(' ', '+'), standalone, ...pieces]
  return [...new Set([...texts, ...texts.slice(2).map(toBase64url)])]
    .filter((text) => text !== '')
    .map((text) => ({ text, padded: padded.has(text) }))
}

/**
 * Where an escape starts that may stand for a character of the alphabet. Most escapes in a
 * report are JSON's `\"` and `\n` (a JSON document in a JSON string is full of them), which no
 * token holds: the scan passes over them without decoding, and they cost nothing to map back.
 */
function escapesInto(alphabet: ReadonlySet<string>): RegExp {
  const letters = Object.entries({ ...SHORT_ESCAPES, '"': '"', '/': '/', "'": "'" })
    .filter(([, char]) => alphabet.has(char))
    .map(([letter]) => letter)
  const json = [`u[0-9a-fA-F]{4}`, ...(letters.length ? [`[${letters.join('')}]`] : [])]
  return new RegExp(
    [
      `\\\\+(?:${json.join('|')})`,
      ...(alphabet.has('\\') ? ['\\\\{2,}'] : []),
      '%(?:25)*[0-9a-fA-F]{2}',
      '&(?:#[xX]?[0-9a-fA-F]{1,6}|[a-zA-Z]{2,4});',
    ].join('|'),
    'g',
  )
}

/** Finds the known secrets in a text, in every form. Built once a set of secrets: it runs on every string of every report. */
export class SecretSearch {
  private readonly spellings: Spelling[]
  private readonly escapes: RegExp

  constructor(secrets: readonly string[]) {
    // Longest first, so that a secret containing another is replaced whole.
    this.spellings = secrets.flatMap(spellingsOf).sort((a, b) => b.text.length - a.text.length)
    this.escapes = escapesInto(new Set(this.spellings.flatMap((spelling) => [...spelling.text])))
  }

  /** The ranges of the text that hold a secret, or the start of one that was cut short; sorted, merged. */
  find(text: string): [number, number][] {
    if (this.spellings.length === 0) return []
    // Decoded again while a pass decodes something: `%5Cu002B` is `\u002B` is `+`.
    const views = [new DecodedView(text, this.escapes)]
    for (let view = views[0]; view && view.text !== view.input && views.length < MAX_DEPTH; ) {
      view = new DecodedView(view.text, this.escapes)
      views.push(view)
    }
    const decoded = views.at(-1)?.text ?? text
    const found = [...this.whole(decoded), ...this.cut(decoded)].map(([from, to]): [number, number] => {
      for (const view of views.toReversed())
        [from, to] = [view.position(from, false), view.position(to, true)]
      return [from, to]
    })
    found.sort((a, b) => a[0] - b[0])
    const merged: [number, number][] = []
    for (const range of found) {
      const last = merged.at(-1)
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
      else merged.push(range)
    }
    return merged
  }

  private *whole(decoded: string): Generator<[number, number]> {
    for (const { text, padded } of this.spellings) {
      for (let at = decoded.indexOf(text); at >= 0; at = decoded.indexOf(text, at + 1)) {
        let end = at + text.length
        while (padded && decoded[end] === '=' && end - at < text.length + 2) end++
        yield [at, end]
      }
    }
  }

  /**
   * Vitest shortens a long value in an assertion's message (`expected 'sessionid=3f9a…' to be …`):
   * cut there, a secret is no longer whole, so what shows of its start goes too, up to the cut
   * and an escape the cut split. Three characters or fewer say nothing, and would make every
   * short word before an ellipsis suspect.
   */
  private *cut(decoded: string): Generator<[number, number]> {
    for (let cut = decoded.indexOf(CUT); cut >= 0; cut = decoded.indexOf(CUT, cut + 1)) {
      const end = cut - (PARTIAL_ESCAPE.exec(decoded.slice(Math.max(0, cut - 12), cut))?.[0].length ?? 0)
      let longest = 0
      for (const { text } of this.spellings) {
        for (let length = Math.min(text.length - 1, end); length > longest; length--) {
          if (length >= MIN_CUT_PREFIX && decoded.startsWith(text.slice(0, length), end - length))
            longest = length
        }
      }
      if (longest) yield [end - longest, cut]
    }
  }
}

/**
 * The common literal forms, for a caller that cuts a text after redacting it and must know
 * how far past the cut a secret can reach. The all-escaped form is the longest a single level
 * of JSON writes.
 */
export function literalForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    Array.from(
      { length: secret.length },
      (_, i) => `\\u${secret.charCodeAt(i).toString(16).padStart(4, '0')}`,
    ).join(''),
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice('v='.length),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
  ]
}
