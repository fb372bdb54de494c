// `smokecheck contract pull` (npm run contract:pull): reads the service's OpenAPI document and
// writes it as zod schemas into the suite's fixtures/, so the shapes a check parses with and the
// shapes the service documents cannot drift apart unseen. From the service, the document comes
// through the checks' own client (a GET, the environment's token, timeouts and size cap, the
// production guard); or from a URL, or a file in the repository.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError } from '../config/errors.ts'
import { loadConfig } from '../config/load.ts'
import { createAgent } from '../http/agent.ts'
import { createHttpClient } from '../http/client.ts'
import { redactUrl } from '../redaction/redact.ts'
import { type Contract, loadContract } from './document.ts'
import { zodSource } from './zod-source.ts'

// The code a bad setting stops a run with (src/runner/preflight.ts): change something first.
const EXIT_BAD_INPUT = 2

export const DEFAULT_OUT = 'fixtures/contract.generated.ts'
const DEFAULT_PATH = '/openapi.json'

export interface PullOptions {
  /** An http(s) URL or a file; without it, `path` on the environment's SMOKE_BASE_URL. */
  from?: string | undefined
  /** The document's path on SMOKE_BASE_URL: `/openapi.json` unless said. */
  path?: string | undefined
  /** The file to write, relative to the root. */
  out?: string | undefined
  root: string
  /** The folder of the environment files, relative to the root. */
  environments?: string | undefined
  env: NodeJS.ProcessEnv
}

export interface Pulled {
  file: string
  /** Where the document came from, as the file's header says it (no credentials). */
  from: string
  /** False when the file already said exactly this. */
  changed: boolean
  schemas: number
  operations: number
}

/** Bad input (an option, a setting): said in one message, exit 2. */
export class PullRefusal extends Error {}

async function fromService(url: string | undefined, path: string, options: PullOptions) {
  const env = url ? { ...options.env, SMOKE_BASE_URL: new URL(url).origin } : options.env
  const config = loadConfig({ root: options.root, environments: options.environments, env })
  if (!config.baseUrl)
    throw new PullRefusal(
      `smokecheck contract pull: the environment ${config.environment} names no SMOKE_BASE_URL to read ${path} from; expected --from <url or file>, or SMOKE_ENV naming an environment with a SMOKE_BASE_URL`,
    )
  const agent = createAgent(config)
  try {
    const http = createHttpClient({ config, baseUrl: config.baseUrl, dispatcher: agent })
    return { contract: await loadContract({ path }, http), from: redactUrl(`${config.baseUrl}${path}`) }
  } finally {
    await agent.close()
  }
}

async function read(options: PullOptions): Promise<{ contract: Contract; from: string }> {
  const { from } = options
  if (from && /^https?:\/\//i.test(from)) {
    const url = new URL(from)
    return fromService(from, `${url.pathname}${url.search}`, options)
  }
  if (from) {
    const file = resolve(options.root, from)
    if (!existsSync(file))
      throw new PullRefusal(
        `smokecheck contract pull: --from received "${from}", and there is no such file (${file}); expected an http(s) URL or an OpenAPI document in JSON or YAML`,
      )
    return { contract: await loadContract({ file }), from: relative(options.root, file) }
  }
  const path = options.path ?? DEFAULT_PATH
  if (!path.startsWith('/'))
    throw new PullRefusal(
      `smokecheck contract pull: --path received "${path}"; expected a path on the service starting with /, such as ${DEFAULT_PATH}`,
    )
  return fromService(undefined, path, options)
}

/** Writes the schemas; leaves the file untouched when it already says the same. */
export async function pullContract(options: PullOptions): Promise<Pulled> {
  const { contract, from } = await read(options)
  const file = resolve(options.root, options.out ?? DEFAULT_OUT)
  const source = zodSource(contract, from)
  const changed = !existsSync(file) || readFileSync(file, 'utf8') !== source
  if (changed) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, source)
  }
  const schemas = (contract.document.components as { schemas?: object } | undefined)?.schemas ?? {}
  return { file, from, changed, schemas: Object.keys(schemas).length, operations: contract.operations.length }
}

export const USAGE = `Usage: smokecheck contract pull [--from URL|FILE] [--path PATH] [--out FILE]

Writes the service's OpenAPI document as zod schemas (each component a named export with its
type, and \`responses\` by operation and status), to review and commit like any change.

  --from URL|FILE  the document: an http(s) URL, or a JSON or YAML file in the repository
  --path PATH      without --from: the document's path on SMOKE_BASE_URL of SMOKE_ENV
                   (default ${DEFAULT_PATH})
  --out FILE       the file to write (default ${DEFAULT_OUT})`

/** The command line: what it prints, and the exit code (2 for bad input, 1 when the document cannot be read). */
export async function pullCommand(argv: string[], root: string, env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        path: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
    if (values.help) {
      console.log(USAGE)
      return 0
    }
    const pulled = await pullContract({ ...values, root, env })
    const where = relative(root, pulled.file)
    console.log(
      pulled.changed
        ? `smokecheck contract pull: wrote ${where} from ${pulled.from} (${pulled.schemas} schemas, ${pulled.operations} operations)`
        : `smokecheck contract pull: ${where} is up to date with ${pulled.from}`,
    )
    return 0
  } catch (error) {
    const badArgs = String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
    if (badArgs || error instanceof PullRefusal || error instanceof ConfigError) {
      console.error(`${(error as Error).message}${badArgs ? `\n\n${USAGE}` : ''}`)
      return EXIT_BAD_INPUT
    }
    console.error(`smokecheck contract pull: the document could not be read: ${(error as Error).message}`)
    return 1
  }
}
