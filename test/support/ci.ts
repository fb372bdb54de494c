// Whether the tests run in CI, where a missing system package must fail a test rather than skip it.
export function inCI(): boolean {
  const ci = process.env.CI
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0'
}
