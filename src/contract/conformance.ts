// Whether one response is what the contract documents for its operation, in Schemathesis' order:
// status code conformance, content type conformance, response schema conformance, response
// headers conformance. The first that fails is the failure; its code says which.
import type { ErrorObject } from 'ajv/dist/2020.js'
import type { Failure } from '../http/codes.ts'
import { subjectOf } from '../http/describe.ts'
import { pointAtCaller, SmokeError } from '../http/errors.ts'
import type { Exchange } from '../http/exchange.ts'
import type { SmokeResponse } from '../http/response.ts'
import { formatIssues } from '../http/schema-issues.ts'
import { type Contract, escapePointer, type Operation, resolve } from './document.ts'

type Json = Record<string, unknown>

/** The documented response for a status: the exact code, then its range (4XX), then `default`. */
function documentedStatus(op: Operation, status: number): string | undefined {
  const keys = Object.keys(op.responses)
  return [String(status), `${String(status)[0]}XX`, 'default'].find((key) =>
    keys.some((k) => k.toUpperCase() === key.toUpperCase()),
  )
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/** The documented media type a content type falls under: exact, then `type/*`, then `*\/*`. */
function documentedMedia(content: Json, contentType: string | undefined): string | undefined {
  const type = mediaType(contentType)
  const keys = Object.keys(content)
  const wanted = [type, `${type.split('/')[0]}/*`, '*/*']
  for (const candidate of wanted) {
    const key = keys.find((k) => mediaType(k) === candidate)
    if (key) return key
  }
  return undefined
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 60)}…` : text
}

function valueAt(body: unknown, path: (string | number)[]): unknown {
  let node = body
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key]
  return node
}

/** Ajv's errors as zod-like issues: the path to the value, what the schema expected, what came. */
function issuesOf(errors: ErrorObject[], body: unknown) {
  return errors.map((error) => {
    const path: (string | number)[] = error.instancePath
      .split('/')
      .slice(1)
      .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'))
      .map((key) => (/^\d+$/.test(key) ? Number(key) : key))
    if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty
      return { path: [...path, missing], message: 'expected a required field, received nothing' }
    }
    if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperty: string }).additionalProperty
      return {
        path: [...path, extra],
        message: `expected no such field (additionalProperties), received ${show(valueAt(body, [...path, extra]))}`,
      }
    }
    return {
      path,
      message: `expected it to ${error.message?.replace(/^must /, '')} (${error.keyword}), received ${show(valueAt(body, path))}`,
    }
  })
}

/** How every contract failure starts: the exchange, then the operation it went to. */
function headline(res: SmokeResponse, op: Operation): string {
  return `${subjectOf(res.exchange)} answered ${res.status} ${res.exchange.statusText}, off the contract for ${op.label}`
}

/** An exchange off the suite's contract: thrown where the check made the request. */
export class ContractMismatchError extends SmokeError {
  override name = 'ContractMismatchError'
  constructor(failure: Failure, exchange: Exchange) {
    super(failure.code, failure.says, { cause: failure.cause, exchange })
    pointAtCaller(this)
  }
}

/**
 * The suite-wide judgement of every response. A path the document does not list is let through:
 * a document lists the API, not /openapi.json, /metrics or a probe of a missing route.
 */
export function assertContract(contract: Contract, res: SmokeResponse): void {
  const failure = contractFailure(contract, res)
  if (failure && failure.code !== 'CONTRACT_NO_OPERATION')
    throw new ContractMismatchError(failure, res.exchange)
}

/** Why a response is not what the contract documents, or undefined when it is. */
export function contractFailure(contract: Contract, res: SmokeResponse): Failure | undefined {
  const exchange = res.exchange
  const pathname = new URL(exchange.url).pathname
  const op = contract.match(exchange.method, pathname)
  if (!op) {
    const template = contract.hasPath(pathname)
    const why = template
      ? `documents ${template}, but not for ${exchange.method}`
      : `documents no path that ${pathname} matches`
    return {
      code: 'CONTRACT_NO_OPERATION',
      says: `${subjectOf(exchange)} has no operation in the contract: it ${why}`,
    }
  }
  const statusKey = documentedStatus(op, res.status)
  if (!statusKey) {
    const documented = Object.keys(op.responses).join(', ') || 'none'
    return {
      code: 'CONTRACT_UNDOCUMENTED_STATUS',
      says: `${headline(res, op)}: status ${res.status} is not documented (documented: ${documented})`,
    }
  }
  const document = contract.document
  const response = resolve(document, op.responses[statusKey] as Json)
  const responsePointer = `${op.pointer}/responses/${escapePointer(statusKey)}`
  const content = response.content as Json | undefined
  // HEAD has no body to judge; a response documented without content says nothing about its type.
  if (content && Object.keys(content).length > 0 && exchange.method !== 'HEAD') {
    const media = documentedMedia(content, exchange.contentType)
    if (!media) {
      return {
        code: 'CONTRACT_CONTENT_TYPE',
        says: `${headline(res, op)}: content-type ${exchange.contentType ?? '(none)'} is not documented for ${statusKey}\n✖ expected ${Object.keys(content).join(' or ')}, received ${exchange.contentType ?? 'no content-type'}`,
      }
    }
    const schema = (content[media] as Json).schema
    if (schema && res.isJson) {
      // A response given by $ref is validated where the $ref points, so its own $refs resolve.
      const pointer =
        typeof (op.responses[statusKey] as Json).$ref === 'string'
          ? `${String((op.responses[statusKey] as Json).$ref).slice(1)}/content/${escapePointer(media)}/schema`
          : `${responsePointer}/content/${escapePointer(media)}/schema`
      const validate = contract.validator(pointer)
      if (!validate(res.body)) {
        return {
          code: 'CONTRACT_SCHEMA',
          says: `${headline(res, op)}: the body does not match the schema documented for ${statusKey} ${media}:\n${formatIssues(issuesOf(validate.errors ?? [], res.body))}`,
          cause: validate.errors,
        }
      }
    }
  }
  const headers = (response.headers ?? {}) as Record<string, Json>
  const missing = Object.entries(headers)
    .map(([name, header]) => [name, resolve(document, header)] as const)
    .filter(([name, header]) => header.required === true && res.header(name) === undefined)
    .map(([name]) => ({ path: [name], message: 'expected a required header, received nothing' }))
  if (missing.length > 0) {
    return {
      code: 'CONTRACT_HEADER',
      says: `${headline(res, op)}: a header documented as required for ${statusKey} is missing:\n${formatIssues(missing)}`,
    }
  }
  return undefined
}
