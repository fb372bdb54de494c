// The generic JSON webhook: the alert as it is, for a receiver of the team's own (an incident
// tool, a chat bridge, a script).
import type { Alert } from './alert.ts'
import type { Sink } from './deliver.ts'

export const jsonSink = (url: string): Sink => ({
  name: 'json',
  url,
  body: (alert: Alert) => ({ format: 'smokecheck-alert/1', ...alert }),
})
