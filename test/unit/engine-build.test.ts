// When the engine's checkout must be built again before a run: a source file newer than its
// compiled JavaScript, or no build at all; never in an install, whatever times its files carry.
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { staleBuild } from '../../src/config/engine-build.ts'
import { tempFolder } from '../support/temp-folder.ts'

const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 12, minute))

function engine(files: Record<string, number>): string {
  const root = tempFolder('engine')
  for (const [path, minute] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), '')
    utimesSync(join(root, path), at(minute), at(minute))
  }
  return root
}

describe("the checkout's build", () => {
  it.each<{ when: string; files: Record<string, number>; stale: unknown }>([
    {
      when: 'is current when built after the last edit of a source file',
      files: { 'src/index.ts': 1, 'src/http/client.ts': 2, 'dist/index.js': 3 },
      stale: undefined,
    },
    {
      when: 'is stale when a source file, however deep, was edited after it',
      files: { 'src/index.ts': 1, 'src/http/client.ts': 4, 'dist/index.js': 3 },
      stale: { file: 'src/http/client.ts', builtAt: at(3) },
    },
    {
      when: 'is stale when there is none',
      files: { 'src/index.ts': 1 },
      stale: { file: 'src/index.ts', builtAt: undefined },
    },
  ])('$when', ({ files, stale }) => {
    expect(staleBuild(engine({ 'tsconfig.build.json': 0, ...files }))).toEqual(stale)
  })

  it('is never judged in an install, which has no build settings', () => {
    const root = engine({ 'tsconfig.build.json': 0, 'src/index.ts': 4, 'dist/index.js': 3 })
    rmSync(join(root, 'tsconfig.build.json'))
    expect(staleBuild(root)).toBeUndefined()
  })
})
