import { check, expect } from '../fixtures'
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
  async ({ http, config, skip }) => {
    const { expectedVersion, expectedCommit } = config
    if (!expectedVersion && !expectedCommit)
      skip('SMOKE_EXPECTED_VERSION and SMOKE_EXPECTED_COMMIT are not set')
    const deployed = (await http.get('/version')).parse(Version)
    if (expectedVersion) {
      expect(deployed.version, `deployed version is ${deployed.version}, expected ${expectedVersion}`).toBe(
        expectedVersion,
      )
    }
    if (expectedCommit) {
      expect(
        deployed.commit.startsWith(expectedCommit),
        `deployed commit is ${deployed.commit}, expected ${expectedCommit}`,
      ).toBe(true)
    }
  },
)
