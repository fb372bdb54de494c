// The tests run suites as a team does, on the engine's compiled JavaScript (dist/): built first
// when a source file changed since the last build, so a test never runs yesterday's engine.
import { execFileSync } from 'node:child_process'
import { ENGINE_ROOT, staleBuild } from '../../src/config/engine-build.ts'

export default function buildTheEngine(): void {
  if (staleBuild()) execFileSync('npm', ['run', '--silent', 'build'], { cwd: ENGINE_ROOT, stdio: 'inherit' })
}
