// One error type for every bad setting, so the runner can print it as a single clear
// message (file, key, received value, expectation) without a stack trace.
export interface ConfigProblem {
  key: string
  source: string
  received: string
  expected: string
}

export class ConfigError extends Error {
  override name = 'ConfigError'
  // Plain parameters, not fields: Vitest prints an error's own fields after its message.
  // `about` names what is bad: an environment's settings unless said otherwise (the suite's options).
  constructor(
    environment: string,
    problems: ConfigProblem[],
    about = `configuration for environment "${environment}"`,
  ) {
    super(
      [
        `smokecheck cannot start: bad ${about}`,
        ...problems.map((p) => `  - ${p.key} in ${p.source}: received ${p.received}; expected ${p.expected}`),
      ].join('\n'),
    )
    // The message is the whole story; a stack would only bury it.
    this.stack = `${this.name}: ${this.message}`
  }
}
