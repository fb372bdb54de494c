// How long a failing check may take, past the setting that bounds it. undici checks its
// connect, headers and body timers on a clock that ticks every 499 ms: a timer is armed on the
// tick after the request starts and fires on the first tick past its deadline, so up to two
// ticks (998 ms) late; 300 ms header and body timeouts end at 1010–1020 ms. Node's own timers
// (the whole-request timeout, the wait for a Retry-After) keep time; beyond them, and where no
// timer ends the check, connecting and the checks' CPU took at most 100 ms, 230 ms with a retry
// (test/e2e/network-faults.test.ts, measured on 2 cores).
const UNDICI_TIMER_MARGIN_MS = 1100
const MARGIN_MS = 400
// The first retry waits 100 ms × 0.5–1.5 (src/http/retry.ts).
const FIRST_BACKOFF_MS = 150

/** Ended by one of undici's timers (connect, headers, body). */
export const undiciTimer = (timeoutMs: number) => timeoutMs + UNDICI_TIMER_MARGIN_MS
/** Ended by one of Node's timers. */
export const nodeTimer = (timeoutMs: number) => timeoutMs + MARGIN_MS
/** Ended by what the server sent, or did not: no timer involved. */
export const NO_TIMER = MARGIN_MS
/** Ended by what the server sent after one retry of a blip. */
export const RETRIED_ONCE = FIRST_BACKOFF_MS + MARGIN_MS
