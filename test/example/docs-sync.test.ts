// docs/fastapi.md quotes real code: the FastAPI example's Python and the TypeScript checks. Each
// quoted block is preceded by
//   <!-- include: examples/fastapi-service/app/timing.py#server-timing -->
// and must equal the lines between the region markers of that name in that file, dedented by
// their common indentation: `# region: server-timing` … `# endregion: server-timing` in Python,
// `// region: name` … `// endregion: name` in TypeScript. This test fails on any drift, and on a
// Python or TypeScript block (a fence whose info string starts with py or ts/typescript, whatever
// follows) that quotes nothing.
import { readFileSync } from 'node:fs'
import { dirname, extname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const GUIDE = 'docs/fastapi.md'
const INCLUDE = /^<!--\s*include:\s*(\S+?)#(\S+?)\s*-->$/

interface Language {
  /** The fences of its code: any info string starting with this, ```python title=app.py, ```ts. */
  fence: RegExp
  /** `# region: name`, `// endregion: name`. */
  marker: RegExp
  comment: string
}

// By prefix, so no spelling slips through (```py, ```python3, ```typescript, ```tsx); a block that only
// looks like one (```tsv) takes another info string.
const LANGUAGES: Record<string, Language> = {
  '.py': { fence: /^py/i, marker: /^\s*#\s*(end)?region:\s*(\S+)\s*$/, comment: '#' },
  '.ts': { fence: /^(?:ts|typescript)/i, marker: /^\s*\/\/\s*(end)?region:\s*(\S+)\s*$/, comment: '//' },
}

function languageOf(file: string): Language {
  const language = LANGUAGES[extname(file)]
  if (!language) throw new Error(`${file}: no region markers known for ${extname(file) || 'this file'}`)
  return language
}

function isQuotedCode(info: string): boolean {
  return Object.values(LANGUAGES).some((language) => language.fence.test(info))
}

interface Include {
  file: string
  region: string
  line: number // 1-based line of the marker in the guide
  fence: string | null // the info string of the block that follows, or null when no block follows
  block: string[] // the fenced block's lines
}

function readLines(relative: string): string[] {
  return readFileSync(resolve(ROOT, relative), 'utf8').replace(/\r\n?/g, '\n').split('\n')
}

// CommonMark fences: three or more backticks or tildes, closed by a run of the same character at
// least as long, so a ```` block may show a ``` one.
const FENCE = /^(`{3,}|~{3,})\s*(.*)$/

/** The fenced block opening at line i: its info string and the index of its closing line. */
function fenceAt(lines: string[], i: number): { info: string; close: number } | null {
  const open = FENCE.exec((lines[i] ?? '').trim())
  if (!open) return null
  const [, marks = '', info = ''] = open
  const closes = (line: string) => line.length >= marks.length && line === marks.charAt(0).repeat(line.length)
  let close = i + 1
  while (close < lines.length && !closes((lines[close] ?? '').trim())) close++
  return { info: info.trim(), close }
}

function parseGuide(lines: string[]): { includes: Include[]; unmarkedBlocks: string[] } {
  const includes: Include[] = []
  const unmarkedBlocks: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const include = INCLUDE.exec((lines[i] ?? '').trim())
    if (include) {
      const [, file = '', region = ''] = include
      const fence = fenceAt(lines, i + 1)
      if (fence && fence.close < lines.length) {
        includes.push({
          file,
          region,
          line: i + 1,
          fence: fence.info,
          block: lines.slice(i + 2, fence.close),
        })
        i = fence.close
      } else {
        includes.push({ file, region, line: i + 1, fence: null, block: [] })
      }
      continue
    }
    const fence = fenceAt(lines, i)
    if (fence) {
      if (isQuotedCode(fence.info)) unmarkedBlocks.push(`${(lines[i] ?? '').trim()} at line ${i + 1}`)
      i = fence.close
    }
  }
  return { includes, unmarkedBlocks }
}

/** The region's lines, without nested markers, dedented by their common indentation; null if absent. */
function extractRegion(source: string[], name: string, { marker, comment }: Language): string[] | null {
  const starts: number[] = []
  const ends: number[] = []
  source.forEach((line, i) => {
    const found = marker.exec(line)
    if (found?.[2] === name) (found[1] ? ends : starts).push(i)
  })
  if (starts.length === 0) return null
  if (starts.length > 1) throw new Error(`region "${name}" is opened ${starts.length} times`)
  const start = starts[0] as number
  const end = ends.find((i) => i > start)
  if (end === undefined) throw new Error(`region "${name}" has no "${comment} endregion: ${name}"`)
  const body = source
    .slice(start + 1, end)
    .filter((line) => !marker.test(line))
    .map((line) => (line.trim() === '' ? '' : line))
  const indents = body.filter((l) => l !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0)
  const common = indents.length ? Math.min(...indents) : 0
  return body.map((l) => l.slice(common))
}

const guideLines = readLines(GUIDE)
const { includes, unmarkedBlocks } = parseGuide(guideLines)

describe(`${GUIDE} stays in sync with the code it quotes`, () => {
  it('quotes at least 4 Python regions and 4 TypeScript regions', () => {
    const count = (ext: string) => includes.filter((include) => extname(include.file) === ext).length
    expect(count('.py')).toBeGreaterThanOrEqual(4)
    expect(count('.ts')).toBeGreaterThanOrEqual(4)
  })

  it('shows how the middlewares are registered, and the cache middleware itself', () => {
    const quoted = includes.map((include) => `${include.file}#${include.region}`)
    expect(quoted).toEqual(
      expect.arrayContaining([
        'examples/fastapi-service/app/main.py#app-factory',
        'examples/fastapi-service/app/cache.py#cache-middleware',
      ]),
    )
  })

  it('has no Python or TypeScript block without an include marker', () => {
    expect(unmarkedBlocks, `blocks that quote no file: ${unmarkedBlocks.join(', ')}`).toEqual([])
  })

  it('counts every fence that names Python or TypeScript, however it is spelt, as code to quote', () => {
    // biome-ignore format: one fenced block a line
    const guide = [
      '```py', 'x = 1', '```',
      '```python title=app/main.py', 'x = 1', '```',
      '```typescript', 'let x = 1', '```',
      '``` ts', 'let x = 1', '```',
      '~~~python', 'x = 1', '~~~',
      '```TS {3}', 'let x = 1', '```',
      '````ts', '```', 'a fence shown inside, not one of its own', '```', '````',
      '```json', '{}', '```',
      '```sh', 'ls', '```',
      '```', 'plain text', '```',
    ]
    expect(parseGuide(guide).unmarkedBlocks).toEqual([
      '```py at line 1',
      '```python title=app/main.py at line 4',
      '```typescript at line 7',
      '``` ts at line 10',
      '~~~python at line 13',
      '```TS {3} at line 16',
      '````ts at line 19',
    ])
    const quoted = parseGuide([
      '<!-- include: app/main.py#liveness -->',
      '```python title=app/main.py',
      'x = 1',
      '```',
    ])
    expect(quoted.includes).toEqual([
      {
        file: 'app/main.py',
        region: 'liveness',
        line: 1,
        fence: 'python title=app/main.py',
        block: ['x = 1'],
      },
    ])
    expect(quoted.unmarkedBlocks).toEqual([])
  })

  const cases = includes.map(
    (include) => [`${include.file}#${include.region} (line ${include.line})`, include] as const,
  )
  it.each(cases)('%s', (_name, { file, region, line, fence, block }) => {
    const language = languageOf(file)
    expect(
      language.fence.test(fence ?? ''),
      `${GUIDE}:${line}: the include marker must be followed by a fenced block whose info string matches ${language.fence}, got ${fence ?? 'none'}`,
    ).toBe(true)
    const expected = extractRegion(readLines(file), region, language)
    expect(expected, `${file} has no "${language.comment} region: ${region}"`).not.toBeNull()
    // Line arrays, so a failure prints a line-by-line diff.
    expect(
      block,
      `${GUIDE}:${line} differs from ${file}#${region}; copy the region's code into the guide`,
    ).toEqual(expected)
  })
})

describe('region markers in the quoted files', () => {
  const files = [...new Set(includes.map((include) => include.file))]
  it.each(files)('%s: every region is closed exactly once', (file) => {
    const { marker, comment } = languageOf(file)
    const open = new Map<string, number>()
    const problems: string[] = []
    readLines(file).forEach((line, i) => {
      const found = marker.exec(line)
      if (!found) return
      const [, isEnd, name = ''] = found
      if (isEnd) {
        if (!open.has(name))
          problems.push(`line ${i + 1}: "${comment} endregion: ${name}" without an open region`)
        open.delete(name)
      } else {
        if (open.has(name)) problems.push(`line ${i + 1}: region "${name}" opened twice`)
        open.set(name, i + 1)
      }
    })
    for (const [name, line] of open) problems.push(`line ${line}: region "${name}" is never closed`)
    expect(problems).toEqual([])
  })
})
