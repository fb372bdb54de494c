// region: readiness
import { check, expect } from '../fixtures'
import { Readiness } from '../fixtures/schemas'
import { judgeReadiness } from '../src/assertions/readiness'

check(
  'readiness: database, cache and jobs are healthy',
  { tags: ['critical', 'readiness'] },
  async ({ http, config, annotate }) => {
    const res = await http.get('/health/ready')
    // `degraded` with every dependency up still deserves a look: say so, without failing.
    if (res.schemaProblem(Readiness) === undefined) {
      for (const warning of judgeReadiness(res.parse(Readiness), config.jobStaleFactor).warnings) {
        await annotate(warning, 'warning')
      }
    }
    expect(res).toBeReady({ staleFactor: config.jobStaleFactor })
  },
)
// endregion: readiness
