// The CI run a report came from, for a reader who has only the report: on GitHub Actions, the
// run's page, where its artifacts (every report of the run) are listed.

/** The run's page on GitHub Actions, or undefined outside it. */
export function ciRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: id } = env
  return server && repository && id ? `${server}/${repository}/actions/runs/${id}` : undefined
}
