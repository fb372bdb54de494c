import type { Vitest } from 'vitest/node'
import { redact } from '../redaction/redact.ts'
export async function go(vitest: Vitest) {
  const specs = await vitest.getRelevantTestSpecifications()
  const tagged = specs.map((s) =>
    s.project.createSpecification(s.moduleId, { testTagsFilter: ['critical'] }, s.pool),
  )
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    const r = await vitest.runTestSpecifications(i === 1 ? tagged : specs, i !== 1)
    console.log(
      'cycle',
      i,
      performance.now() - t,
      r.testModules.flatMap((m) => [...m.children.allTests()].map((c) => `${c.name}:${c.result().state}`)),
    )
  }
  return redact('x')
}
