// Check files are what users copy and edit: they import smokecheck's public entry and their own
// fixtures, never the engine's modules, which may move between releases.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/run-checks.ts'

const CHECKS = join(ROOT, 'checks')
const FROM = /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g

function specifiers(source: string): string[] {
  return [...source.matchAll(FROM)].map((match) => match[1] ?? match[2] ?? '')
}

describe('the example checks', () => {
  const files = readdirSync(CHECKS).filter((file) => file.endsWith('.check.ts'))

  it('finds the imports of every form', () => {
    const source = `import { a } from '../fixtures'\nimport {\n  b,\n} from "../src/x"\nimport '../src/y'\nexport * from '../fixtures/schemas'\nawait import('../src/z')`
    expect(specifiers(source)).toEqual([
      '../fixtures',
      '../src/x',
      '../src/y',
      '../fixtures/schemas',
      '../src/z',
    ])
  })

  // Node's own modules and zod are the check author's too; smokecheck's engine modules are not.
  const ALLOWED = /^(?:smokecheck$|\.\.\/fixtures(?:\/|$)|node:|zod$)/

  it.each(files)('%s imports only smokecheck and ../fixtures (and Node or zod)', (file) => {
    const found = specifiers(readFileSync(join(CHECKS, file), 'utf8'))
    expect(found.length, 'it imports check and expect at least').toBeGreaterThan(0)
    expect(found.filter((specifier) => !ALLOWED.test(specifier))).toEqual([])
  })
})
