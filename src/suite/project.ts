/** The Vitest project that runs a suite's checks; the run record and the preflight look for it by name. */
export const CHECKS_PROJECT = 'checks'
