// The one way a duration is printed, in messages, annotations and reports alike: a tenth of a
// millisecond matters below 10 ms (a warm request, a phase), whole milliseconds above.

/** "3.4 ms", "27 ms", "1002 ms". */
export function formatDuration(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`
}
