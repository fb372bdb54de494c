// Folders for what tests write (reports, environment files, job summaries), so a test run
// leaves os.tmpdir() as it found it. What a test makes goes when the test ends; what is made
// while collecting or in a beforeAll, when the file's tests end (test/support/setup.ts): an
// afterAll registered while a hook runs would never run.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'

let fileRoot: string | undefined
const leftForTheFile: string[] = []

export function tempFolder(purpose: string): string {
  fileRoot ??= mkdtempSync(join(tmpdir(), 'smokecheck-test-'))
  const dir = mkdtempSync(join(fileRoot, `${purpose}-`))
  removeWhenDone(dir)
  return dir
}

/** A file or folder that must not outlive the test (or, made outside one, the file's tests). */
export function removeWhenDone(path: string): void {
  try {
    onTestFinished(() => remove(path))
  } catch {
    leftForTheFile.push(path)
  }
}

/** Everything made outside a test, once the file's tests are done. */
export function removeTempFolders(): void {
  for (const path of leftForTheFile.splice(0)) remove(path)
  if (fileRoot) remove(fileRoot)
  fileRoot = undefined
}

function remove(path: string): void {
  rmSync(path, { recursive: true, force: true })
}
