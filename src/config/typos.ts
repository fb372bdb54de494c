// Suggests the known key a misspelt one was meant to be (SMOKE_BASEURL -> SMOKE_BASE_URL).
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

export function closestKey(key: string, known: readonly string[]): string | undefined {
  const squash = (k: string) => k.replaceAll('_', '')
  let best: { key: string; score: number } | undefined
  for (const candidate of known) {
    const score = Math.min(distance(key, candidate), distance(squash(key), squash(candidate)))
    if (score <= 2 && (!best || score < best.score)) best = { key: candidate, score }
  }
  return best?.key
}
