// region: readiness
import { check, expect, readinessWarnings } from 'smokecheck'
import { ReadinessJudged } from '../fixtures/schemas'

check(
  'readiness: database, cache and jobs are healthy',
  { tags: ['critical', 'readiness'] },
  async ({ http, config, annotate }) => {
    const res = await http.get('/health/ready')
    // `degraded` with every dependency up still deserves a look: say so, without failing.
    const readiness = { staleFactor: config.jobStaleFactor, schema: ReadinessJudged }
    for (const warning of readinessWarnings(res, readiness)) await annotate(warning, 'warning')
    expect(res).toBeReady(readiness)
  },
)
// endregion: readiness
