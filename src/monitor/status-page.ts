// The status page: one self-contained HTML file (inline style, inline SVG, no script, and a
// Content-Security-Policy that forbids loading anything), so it makes no request to any host.
// Per check: its state and since when, uptime over 24 h / 7 d / 30 d, a latency chart of its
// recent cycles; and the recent incidents with their cause. It names no base URL: the text it
// shows has the base URL taken out before it gets here.
import type { CheckState } from './check-state.ts'
import type { HistoryLine } from './history.ts'

const WINDOWS = [
  ['24 h', 24 * 3600_000],
  ['7 d', 7 * 24 * 3600_000],
  ['30 d', 30 * 24 * 3600_000],
] as const
const CHART_POINTS = 60
const INCIDENTS = 10

export interface StatusPageInput {
  service: string
  environment: string
  checks: readonly CheckState[]
  history: readonly HistoryLine[]
  now: Date
}

const html = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )

function uptime(history: readonly HistoryLine[], id: string, since: number): string {
  let seen = 0
  let ok = 0
  for (const line of history) {
    if (line.type !== 'cycle' || Date.parse(line.at) < since) continue
    for (const check of line.checks)
      if (check.id === id) {
        seen += 1
        if (check.outcome !== 'fail') ok += 1
      }
  }
  return seen ? `${((100 * ok) / seen).toFixed(2)} %` : '—'
}

function chart(history: readonly HistoryLine[], id: string): string {
  const points = history
    .flatMap((line) =>
      line.type === 'cycle' ? line.checks.filter((c) => c.id === id && c.durationMs !== null) : [],
    )
    .slice(-CHART_POINTS)
    .map((c) => c.durationMs as number)
  if (points.length < 2) return '<span class="muted">not enough cycles yet</span>'
  const max = Math.max(...points, 1)
  const step = 240 / (points.length - 1)
  const path = points
    .map((ms, i) => `${(i * step).toFixed(1)},${(38 - (ms / max) * 36).toFixed(1)}`)
    .join(' ')
  return `<svg class="chart" viewBox="0 0 240 40" role="img" aria-label="latency of the last ${points.length} cycles, up to ${Math.round(max)} ms"><polyline points="${path}"/></svg><span class="muted">max ${Math.round(max)} ms</span>`
}

function incidents(history: readonly HistoryLine[]): string {
  const rows = history
    .filter((line): line is Extract<HistoryLine, { type: 'transition' }> => line.type === 'transition')
    .slice(-INCIDENTS)
    .reverse()
    .map(
      (t) =>
        `<tr><td>${html(t.at)}</td><td>${html(t.name)}</td><td><span class="state ${t.to}">${t.from} → ${t.to}</span></td><td>${html(t.cause ?? '')}</td></tr>`,
    )
  if (!rows.length) return '<p class="muted">No incident recorded.</p>'
  return `<table><thead><tr><th>When</th><th>Check</th><th>Change</th><th>Cause</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

export function renderStatusPage({ service, environment, checks, history, now }: StatusPageInput): string {
  const worst = checks.some((c) => c.state === 'down')
    ? 'down'
    : checks.some((c) => c.state === 'degraded')
      ? 'degraded'
      : 'up'
  const rows = checks
    .map(
      (c) =>
        `<tr data-check="${html(c.id)}"><td>${html(c.name)}</td><td><span class="state ${c.state}">${c.state}</span></td><td>${html(c.since)}</td>${WINDOWS.map(([, ms]) => `<td>${uptime(history, c.id, now.getTime() - ms)}</td>`).join('')}<td>${chart(history, c.id)}</td><td>${html(c.state === 'up' ? '' : (c.cause ?? ''))}</td></tr>`,
    )
    .join('')
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta http-equiv="refresh" content="30">
<title>${html(service)} (${html(environment)}): ${worst}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1f2328}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;margin-bottom:2rem}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:middle}
.state{display:inline-block;padding:.1rem .5rem;border-radius:1rem;color:#fff;font-weight:600}
.up{background:#1a7f37}.degraded{background:#9a6700}.down{background:#cf222e}
.muted{color:#656d76}.chart{width:240px;height:40px;vertical-align:middle}
.chart polyline{fill:none;stroke:#0969da;stroke-width:1.5}
</style>
</head>
<body>
<h1>${html(service)} <span class="muted">(${html(environment)})</span> <span class="state ${worst}" id="overall">${worst}</span></h1>
<p class="muted">Updated ${html(now.toISOString())}</p>
<h2>Checks</h2>
<table id="checks"><thead><tr><th>Check</th><th>State</th><th>Since</th>${WINDOWS.map(([name]) => `<th>Uptime ${name}</th>`).join('')}<th>Latency</th><th>Cause</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Recent incidents</h2>
<div id="incidents">${incidents(history)}</div>
</body>
</html>
`
}
