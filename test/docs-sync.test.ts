// docs/fastapi.md quotes real code: the FastAPI example's Python and the TypeScript checks. Each
// quoted block is preceded by
//   <!-- include: examples/fastapi-service/app/timing.py#server-timing -->
// and must equal the lines between the region markers of that name in that file, dedented by
// their common indentation: `# region: server-timing` … `# endregion: server-timing` in Python,
// `// region: name` … `// endregion: name` in TypeScript. This test fails on any drift, and on a
// Python or TypeScript block that quotes nothing.
import { readFileSync } from 'node:fs'
import { dirname, extname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const GUIDE = 'docs/fastapi.md'
const INCLUDE = /^<!--\s*include:\s*(\S+?)#(\S+?)\s*-->$/

interface Language {
  /** The fence's info string: ```python, ```ts. */
  fence: string
  /** `# region: name`, `// endregion: name`. */
  marker: RegExp
  comment: string
}

const LANGUAGES: Record<string, Language> = {
  '.py': { fence: 'python', marker: /^\s*#\s*(end)?region:\s*(\S+)\s*$/, comment: '#' },
  '.ts': { fence: 'ts', marker: /^\s*\/\/\s*(end)?region:\s*(\S+)\s*$/, comment: '//' },
}
const QUOTED_FENCES = new Set(Object.values(LANGUAGES).map((language) => language.fence))

function languageOf(file: string): Language {
  const language = LANGUAGES[extname(file)]
  if (!language) throw new Error(`${file}: no region markers known for ${extname(file) || 'this file'}`)
  return language
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

function parseGuide(lines: string[]): { includes: Include[]; unmarkedBlocks: string[] } {
  const includes: Include[] = []
  const unmarkedBlocks: string[] = []
  let inFence = false
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim()
    if (inFence) {
      if (line === '```') inFence = false
      continue
    }
    const include = INCLUDE.exec(line)
    if (include) {
      const [, file = '', region = ''] = include
      const next = lines[i + 1]?.trim() ?? ''
      const end = lines.findIndex((l, j) => j > i + 1 && l.trim() === '```')
      if (next.startsWith('```') && next !== '```' && end !== -1) {
        includes.push({ file, region, line: i + 1, fence: next.slice(3), block: lines.slice(i + 2, end) })
        i = end
      } else {
        includes.push({ file, region, line: i + 1, fence: null, block: [] })
      }
      continue
    }
    if (line.startsWith('```')) {
      if (QUOTED_FENCES.has(line.slice(3))) unmarkedBlocks.push(`${line} at line ${i + 1}`)
      inFence = true
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

  it('has no Python or TypeScript block without an include marker', () => {
    expect(unmarkedBlocks, `blocks that quote no file: ${unmarkedBlocks.join(', ')}`).toEqual([])
  })

  const cases = includes.map(
    (include) => [`${include.file}#${include.region} (line ${include.line})`, include] as const,
  )
  it.each(cases)('%s', (_name, { file, region, line, fence, block }) => {
    const language = languageOf(file)
    expect(
      fence,
      `${GUIDE}:${line}: the include marker must be followed by a \`\`\`${language.fence} block`,
    ).toBe(language.fence)
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
