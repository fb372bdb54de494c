// region: readiness
import { check, expect, readinessWarnings } from '../fixtures'

check(
  'readiness: database, cache and jobs are healthy',
  { tags: ['critical', 'readiness'] },
  async ({ http, config, annotate }) => {
    const res = await http.get('/health/ready')
    // `degraded` with every dependency up still deserves a look: say so, without failing.
    for (const warning of readinessWarnings(res, config.jobStaleFactor)) await annotate(warning, 'warning')
    expect(res).toBeReady({ staleFactor: config.jobStaleFactor })
  },
)
// endregion: readiness
