// What `smokecheck contract pull` wrote, imported as a suite would import it: from a folder of its
// own (removed when the test ends), where `zod` resolves to the engine's.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import type { z } from 'zod'
import { ROOT } from './run-checks.ts'
import { tempFolder } from './temp-folder.ts'

export type Generated = Record<string, z.ZodType> & {
  responses: Record<string, Record<string, z.ZodType>>
}

/** A folder whose `fixtures/` files can import zod. */
export function suiteFolder(): string {
  const dir = tempFolder('generated')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(join(ROOT, 'node_modules', 'zod'), join(dir, 'node_modules', 'zod'), 'dir')
  return dir
}

let imports = 0

/** Imports generated source from a file of its own, so that no import is served from the cache. */
export async function importGenerated(source: string, dir = suiteFolder()): Promise<Generated> {
  const file = join(dir, `contract-${++imports}.generated.ts`)
  writeFileSync(file, source)
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Generated
}

/** TypeScript's errors for these files, under the suite's compiler settings (strict, bundler resolution). */
export function typeErrors(files: string[]): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noUncheckedIndexedAccess: true,
    types: [],
  }
  const program = ts.createProgram(files, options)
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${basename(d.file.fileName)}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})`
      : ''
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
  })
}
