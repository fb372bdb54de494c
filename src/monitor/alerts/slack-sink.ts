// A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat take the same `text`):
// the one line, and the curl line that reproduces the failure in a code block.
import type { Alert } from './alert.ts'
import type { Sink } from './deliver.ts'

const ICON = { down: ':red_circle:', degraded: ':large_orange_circle:', recovered: ':large_green_circle:' }

export const slackSink = (url: string): Sink => ({
  name: 'slack',
  url,
  body: (alert: Alert) => ({
    text: `${ICON[alert.kind]} ${alert.text}${alert.curl ? `\n\`\`\`${alert.curl}\`\`\`` : ''}`,
  }),
})
