// `smokecheck contract pull`, run at the top level of this module: bin/smokecheck.mjs loads it
// through Vite's runnerImport, whose module runner closes as soon as the module has loaded, and
// the command loads the OpenAPI parser on demand (libraries.ts) through that same runner.
import { pullCommand } from './pull.ts'

/** Where bin/smokecheck.mjs leaves the command's arguments for this module. */
const ARGS = Symbol.for('smokecheck.contract-pull.args')

const args = (globalThis as Record<symbol, string[] | undefined>)[ARGS] ?? []
process.exitCode = await pullCommand(args, process.cwd(), process.env)
