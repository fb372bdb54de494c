import { describe, expect, it } from 'vitest'
import { SmokeError } from '../../src/http/errors.ts'
import { judgeFleet } from '../../src/reporting/fleet.ts'
import { causesOf, codeOf, sentenceOf, unhandledProblems, verdictOf } from '../../src/reporting/verdict.ts'
import { judgeLooks } from '../../src/runner/rollout.ts'
import { unknownTags } from '../../src/runner/tags-filter.ts'

describe('the verdict', () => {
  it('is red with any problem, green with none', () => {
    expect(verdictOf([]).verdict).toBe('passed')
    expect(verdictOf([{ code: 'NOTHING_SELECTED', message: 'no check ran' }]).verdict).toBe('failed')
  })

  it('keeps one sentence of a message, without colour, with the list it announces', () => {
    expect(sentenceOf('\u001b[31m[PARSE_ERROR]\u001b[0m Unexpected token\n  at line 3')).toBe(
      '[PARSE_ERROR] Unexpected token',
    )
    expect(sentenceOf('The tag "x" is not defined. Available tags are:\n- a: one\n- b: two\nmore')).toBe(
      'The tag "x" is not defined. Available tags are: a: one; b: two',
    )
  })

  it('says an error raised once per worker and file once, with how often', () => {
    const error = { message: 'The tag pattern "critcal" is not defined', type: 'Test Run Error' }
    expect(unhandledProblems([error, error, error], (p) => p)).toEqual([
      {
        code: 'UNHANDLED_ERROR',
        file: undefined,
        message: 'an error outside any check: The tag pattern "critcal" is not defined (3 times)',
      },
    ])
  })

  it('groups failed checks by their code, not their message, and only when several share it', () => {
    const causes = causesOf([
      { id: 'a', errorCode: 'ECONNREFUSED', message: 'refused by :1' },
      { id: 'b', exchangeCode: 'ECONNREFUSED', message: 'refused by :2' },
      { id: 'c', errorCode: 'CERT_HAS_EXPIRED', message: 'expired' },
      { id: 'd', message: 'expected 200, got 500' },
    ])
    expect(causes).toEqual([{ code: 'ECONNREFUSED', checks: 2, example: 'refused by :1' }])
  })

  it("reads a failure's code as it reaches a reporter: its own, or a SmokeError's serialised one", () => {
    const schema = new SmokeError('SCHEMA_MISMATCH', 'GET /posts: the body does not match')
    const serialised = JSON.parse(JSON.stringify(schema))
    expect(codeOf(serialised)).toBe('SCHEMA_MISMATCH')
    expect(codeOf({ code: 'ECONNREFUSED' })).toBe('ECONNREFUSED')
    expect(codeOf({ message: 'expected 200, got 500' })).toBeUndefined()
  })
})

describe('the fleet', () => {
  const answers = (...builds: string[]) => builds.map((b) => ({ responseHeaders: { 'x-app-version': b } }))

  it('counts every response from another build than the expected one', () => {
    expect(judgeFleet(answers('1.8.3', '1.7.9', '1.8.3'), ['x-app-version'], '1.8.3').problem?.message).toBe(
      '1 of 3 responses came from 1.7.9, expected 1.8.3 (x-app-version; SMOKE_EXPECTED_VERSION)',
    )
    expect(judgeFleet(answers('1.8.3', '1.8.3'), ['x-app-version'], '1.8.3').problem).toBeUndefined()
    // Nothing expected: nothing to judge, whatever answered.
    expect(judgeFleet(answers('1.7.9'), ['x-app-version'], undefined).problem).toBeUndefined()
  })

  it('lets the rollout gate through only when every look shows the expected build', () => {
    const look = (version: string) => ({ ok: true as const, seen: { version } })
    expect(judgeLooks([look('1.8.3'), look('1.8.3')], '/version', { version: '1.8.3' })).toEqual({
      live: { version: '1.8.3' },
    })
    expect(judgeLooks([look('1.8.3'), look('1.7.9')], '/version', { version: '1.8.3' })).toEqual({
      problem:
        'GET /version served 1.8.3 on 1 of 2 looks, 1.7.9 on 1 of 2 looks: the fleet is mixed, expected 1.8.3',
    })
    expect(judgeLooks([look('1.7.9'), look('1.7.9')], '/version', { version: '1.8.3' })).toEqual({
      problem: 'GET /version still serves 1.7.9, expected 1.8.3',
    })
  })
})

describe('a tags filter', () => {
  it('names the tags no declared tag matches', () => {
    const declared = ['critical', 'api', 'auth']
    expect(unknownTags(declared, ['--tags-filter=critcal && !auth'])).toEqual(['critcal'])
    expect(unknownTags(declared, ['--tags-filter', '(api or a*) and not critical'])).toEqual([])
  })
})
