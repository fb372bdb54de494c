// The lower bound: the same requests as a generated workload, with no test runner. GET
// /item/0 … /item/<count-1>, 10 at a time over one keep-alive Agent, each asserted the way
// the checks assert it (status 200, the JSON field `n`). The benchmark transpiles this file
// to plain JavaScript and runs it with `node`, so no TypeScript loader is counted.
//   node plain.mjs <base-url> <count>
import { Agent, request } from 'undici'

const CONCURRENCY = 10

const [baseUrl, countArg] = process.argv.slice(2)
const count = Number(countArg)
if (!baseUrl || !Number.isInteger(count) || count < 1) {
  console.error('usage: node plain.mjs <base-url> <count>')
  process.exit(2)
}

const agent = new Agent()
const failures: string[] = []
let next = 0

async function lane(): Promise<void> {
  while (next < count) {
    const n = next++
    try {
      const res = await request(`${baseUrl}/item/${n}`, { dispatcher: agent })
      const body = (await res.body.json()) as { n?: unknown }
      if (res.statusCode !== 200) failures.push(`item ${n}: status ${res.statusCode}, expected 200`)
      else if (body.n !== n) failures.push(`item ${n}: n is ${JSON.stringify(body.n)}, expected ${n}`)
    } catch (error) {
      failures.push(`item ${n}: ${(error as Error).message}`)
    }
  }
}

await Promise.all(Array.from({ length: CONCURRENCY }, lane))
await agent.close()
for (const failure of failures) console.error(failure)
console.log(`${count - failures.length} passed, ${failures.length} failed`)
process.exitCode = failures.length ? 1 : 0
