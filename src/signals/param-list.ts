// The shared shape of Server-Timing (W3C) and Cache-Status (RFC 9211): a comma-separated list
// of items, each with `;key=value` parameters, values as tokens or quoted strings. One lenient
// reader serves both: a header from the wild that bends the grammar still yields what it can,
// because a smoke check should report on it rather than choke on it.

export interface ListMember {
  /** The item itself: a metric name, a cache name. */
  value: string
  /** In the order sent; a bare key (`hit`, `stored`) has the value true. */
  params: [key: string, value: string | true][]
}

class Reader {
  index = 0
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.index >= this.text.length
  }

  peek(): string {
    return this.text[this.index] ?? ''
  }

  skipSpace(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.index++
  }

  // A quoted string unescapes `\"` and `\\`; an unterminated one runs to the end.
  quoted(): string {
    let out = ''
    this.index++
    while (!this.done) {
      const char = this.text[this.index++] ?? ''
      if (char === '"') return out
      out += char === '\\' && !this.done ? (this.text[this.index++] ?? '') : char
    }
    return out
  }

  // A quote inside an unquoted value (`desc=say "a, b"`) holds its separators until it closes,
  // or a bogus member would split off; one that never closes (`desc=it"s`) is a plain character.
  until(stops: string): string {
    const start = this.index
    while (!this.done && !stops.includes(this.peek())) {
      const close = this.peek() === '"' ? this.closingQuote() : -1
      this.index = close === -1 ? this.index + 1 : close + 1
    }
    return this.text.slice(start, this.index).trim()
  }

  // Where the quote opened at the current index closes, past escapes; -1 when it never does.
  closingQuote(): number {
    for (let i = this.index + 1; i < this.text.length; i++) {
      if (this.text[i] === '\\') i++
      else if (this.text[i] === '"') return i
    }
    return -1
  }

  value(stops: string): string {
    this.skipSpace()
    if (this.peek() !== '"') return this.until(stops)
    const text = this.quoted()
    // Anything between the closing quote and the next separator is noise.
    this.until(stops)
    return text
  }
}

export function parseParamList(field: string | undefined): ListMember[] {
  if (field === undefined) return []
  const reader = new Reader(field)
  const members: ListMember[] = []
  while (!reader.done) {
    const value = reader.value(';,')
    const params: ListMember['params'] = []
    while (reader.peek() === ';') {
      reader.index++
      reader.skipSpace()
      const key = reader.until('=;,').toLowerCase()
      let param: string | true = true
      if (reader.peek() === '=') {
        reader.index++
        param = reader.value(';,')
      }
      if (key !== '') params.push([key, param])
    }
    // Empty members (`a,,b`, a trailing comma) carry nothing.
    if (value !== '') members.push({ value, params })
    reader.index++
  }
  return members
}

/** The first value sent for the key (Server-Timing keeps the first of repeated params). */
export function firstParam(member: ListMember, key: string): string | true | undefined {
  return member.params.find(([k]) => k === key)?.[1]
}

/** The last value sent for the key (structured fields let a later one win). */
export function lastParam(member: ListMember, key: string): string | true | undefined {
  return member.params.findLast(([k]) => k === key)?.[1]
}
