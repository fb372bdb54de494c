// Command line entry: `tsx examples/demo/main.ts [--port 8080] [--host 127.0.0.1] [--fault slow]`.
// The token comes from DEMO_TOKEN, never from an argument, so it stays out of process listings.
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { FAULT_NAMES, Fault } from './faults.ts'
import { startDemoService } from './service.ts'

const USAGE = 'usage: tsx examples/demo/main.ts [--port 8080] [--host 127.0.0.1] [--fault <name>]'

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`)
  process.exit(2)
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        fault: { type: 'string', default: 'none' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    }).values
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
}

const args = parseCommandLine()
if (args.help) {
  process.stdout.write(
    `${USAGE}\nfaults: ${FAULT_NAMES.join(', ')}\ntoken: DEMO_TOKEN (generated when unset)\n`,
  )
  process.exit(0)
}

const port = Number(args.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`invalid port '${args.port}': expected 0..65535`)
}
const fault = Fault.safeParse(args.fault)
if (!fault.success) fail(`unknown fault '${args.fault}'; valid faults: ${FAULT_NAMES.join(', ')}`)

let token = process.env.DEMO_TOKEN ?? ''
if (token === '') {
  token = randomBytes(24).toString('base64url')
  process.stdout.write(`DEMO_TOKEN was not set; generated token for /admin/stats: ${token}\n`)
}

const service = await startDemoService({ host: args.host, port, fault: fault.data, token })
process.stdout.write(`demo service listening on ${service.url} (fault: ${service.fault})\n`)

let stopping = false
function stop(): void {
  if (stopping) return
  stopping = true
  service.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`demo service did not close cleanly: ${String(error)}\n`)
      process.exit(1)
    },
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
