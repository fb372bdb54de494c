import { check, expect } from '../fixtures'
import { Readiness } from '../fixtures/schemas'
import { judgeReadiness } from '../src/assertions/readiness'

check(
  'readiness: database, cache and jobs are healthy',
  { tags: ['critical', 'readiness'] },
  async ({ http, config, annotate }) => {
    const res = await http.get('/health/ready')
    const body = res.parse(Readiness)
    const { problems, warnings } = judgeReadiness(body, config.jobStaleFactor)
    for (const warning of warnings) await annotate(warning, 'warning')
    expect(problems, `GET /health/ready reports ${body.status}: ${problems.join('; ')}`).toEqual([])
    expect(res).toHaveStatus(200)
  },
)
