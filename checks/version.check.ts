// region: version
import { check, expect } from 'smokecheck'
import { Version } from '../fixtures/schemas'

check('version endpoint describes the deployment', { tags: ['critical', 'version'] }, async ({ http }) => {
  const res = await http.get('/version')
  expect(res).toHaveStatus(200)
  const version = res.parse(Version)
  // The header and the body must tell the same story, or caches and proxies mix versions.
  expect(res).toHaveHeader('x-app-version', version.version)
})

check(
  'the deployed version is the one we expect',
  { tags: ['critical', 'version'] },
  async ({ http, config, rollout, skip }) => {
    if (rollout.state === 'not_requested')
      skip('SMOKE_EXPECTED_VERSION and SMOKE_EXPECTED_COMMIT are not set')
    // The global setup already waited for it: its verdict is the root cause of the run.
    if (rollout.state === 'not_live') expect.fail(`the expected version is not live: ${rollout.reason}`)
    expect(await http.get('/version')).toServeVersion(
      { version: config.expectedVersion, commit: config.expectedCommit },
      config.versionSource,
    )
  },
)

check('error answers say which build answered them too', { tags: ['version'] }, async ({ http }) => {
  const { version } = (await http.get('/version')).parse(Version)
  // Errors are what a half-finished rollout shows first: they must name their build like any answer.
  const res = await http.get('/this-path-does-not-exist')
  expect(res).toHaveStatus(404)
  expect(res).toHaveHeader('x-app-version', version)
})
// endregion: version
