// Checks that send many requests at once, for test/e2e/politeness.test.ts. Two check files call
// it, so that two workers send at the same time and the limits are tested across workers.
import { check, expect } from 'smokecheck'

export function manyAtOnce(file: string): void {
  for (const n of [1, 2, 3]) {
    check(`file ${file}, check ${n}: four requests at once`, async ({ http }) => {
      const answers = await Promise.all([1, 2, 3, 4].map((i) => http.get(`/slow/${file}/${n}/${i}`)))
      for (const res of answers) expect(res).toHaveStatus(200)
    })
  }
}
