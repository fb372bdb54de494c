// `npx tsx bench/redaction.ts`: what redact() costs on the strings a run hands it. The reporters
// redact every string of every report, so this is the price of every form a secret is caught in.
// Prints the median time a call for each kind of input, over interleaved rounds.
import { randomBytes } from 'node:crypto'
import { redact } from '../src/redaction/redact.ts'
import { registerSecret } from '../src/redaction/secrets.ts'

const token = `tok+${randomBytes(16).toString('base64url')}/x=`
const issued = [
  randomBytes(20).toString('hex'),
  `${randomBytes(9).toString('hex')}+${randomBytes(9).toString('hex')}/=`,
]
for (const secret of [token, ...issued]) registerSecret(secret)

const exchange = JSON.stringify({
  method: 'GET',
  url: 'http://127.0.0.1:8000/api/posts?limit=10',
  requestHeaders: { authorization: '[REDACTED]', accept: 'application/json' },
  bodyExcerpt: JSON.stringify({
    items: Array.from({ length: 20 }, (_, i) => ({
      slug: `post-${i}`,
      title: `Post ${i}`,
      url: `https://example.com/p/${i}`,
    })),
  }),
})
const inputs: [string, string][] = [
  ['a check name (60 chars, no secret)', 'GET /api/posts?limit=10 answers 200 with a list of posts'],
  ['an exchange annotation (~2 KB, no secret)', exchange],
  ['the same with the token in it', `${exchange.slice(0, 1000)}${token}${exchange.slice(1000)}`],
  [
    'a run.json (~200 KB, escaped, 3 secrets)',
    JSON.stringify(
      Array.from({ length: 100 }, (_, i) =>
        i % 40 === 0 ? `${exchange}${JSON.stringify(token)}` : exchange,
      ),
      null,
      2,
    ),
  ],
]

const ROUNDS = 15
const times = new Map<string, number[]>(inputs.map(([name]) => [name, []]))
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, text] of inputs) {
    const repeat = Math.max(1, Math.floor(200_000 / text.length))
    const start = performance.now()
    for (let i = 0; i < repeat; i++) redact(text)
    times.get(name)?.push(((performance.now() - start) / repeat) * 1000)
  }
}
for (const [name, samples] of times) {
  const median = samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0
  console.log(`${name.padEnd(46)} ${median.toFixed(2).padStart(10)} µs a call`)
}
