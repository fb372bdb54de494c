// The coverage walk: every documented operation that is safe to call is called once and its answer
// judged against the contract. Only GET and HEAD are ever sent, in every environment, so the
// walk is safe against production by construction; the client's guard refuses anything else
// outside local all the same. What cannot be called is listed with the reason, not left out.
import type { HttpClient, HttpMethod, RequestOptions } from '../http/client.ts'
import { SmokeError } from '../http/errors.ts'
import { contractFailure } from './conformance.ts'
import type { Contract, Operation } from './document.ts'

export type WalkOutcome = 'exercised' | 'off-contract' | 'skipped'

export interface WalkResult {
  /** "getPost (GET /api/posts/{slug})". */
  operation: string
  outcome: WalkOutcome
  /** The request as sent ("GET /api/posts/hello"); absent when skipped. */
  sent?: string
  status?: number
  /** The failure's stable code when off-contract. */
  code?: string
  /** The status, the failure's sentence, or why the operation was skipped. */
  detail: string
}

export interface WalkOptions {
  /** Values for required parameters by name, where the document gives no example. */
  parameters?: Record<string, string | number | boolean>
}

const WALKED: ReadonlySet<string> = new Set(['GET', 'HEAD'])

type Filled = { ok: true; path: string; options: RequestOptions } | { ok: false; why: string }

function fill(op: Operation, settings: WalkOptions['parameters'] = {}): Filled {
  let path = op.template
  const query: Record<string, string> = {}
  const headers: Record<string, string> = {}
  for (const parameter of op.parameters.filter((p) => p.required)) {
    const value = settings[parameter.name] ?? parameter.example
    if (value === undefined || (typeof value === 'object' && value !== null)) {
      return {
        ok: false,
        why: `needs the ${parameter.in} parameter ${parameter.name}: no example in the document, none given`,
      }
    }
    const text = String(value)
    if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(text))
    else if (parameter.in === 'query') query[parameter.name] = text
    else if (parameter.in === 'header') headers[parameter.name.toLowerCase()] = text
    else
      return {
        ok: false,
        why: `needs the ${parameter.in} parameter ${parameter.name}, which the walk does not send`,
      }
  }
  // One attempt: a blip is part of what the walk reports, and the walk stays one request an operation.
  return { ok: true, path, options: { query, headers, auth: op.secured, retries: 0 } }
}

async function walkOne(
  http: HttpClient,
  contract: Contract,
  op: Operation,
  options: WalkOptions,
): Promise<WalkResult> {
  const operation = op.label
  if (!WALKED.has(op.method)) {
    return {
      operation,
      outcome: 'skipped',
      detail: `${op.method} is not called: the walk sends only GET and HEAD`,
    }
  }
  const filled = fill(op, options.parameters)
  if (!filled.ok) return { operation, outcome: 'skipped', detail: filled.why }
  const sent = `${op.method} ${filled.path}`
  try {
    const res = await http.request(op.method as HttpMethod, filled.path, filled.options)
    const failure = contractFailure(contract, res)
    if (failure)
      return {
        operation,
        outcome: 'off-contract',
        sent,
        status: res.status,
        code: failure.code,
        detail: failure.says,
      }
    if (res.status >= 500) {
      const detail = `${sent} answered ${res.status} ${res.exchange.statusText}: documented, but a server error`
      return {
        operation,
        outcome: 'off-contract',
        sent,
        status: res.status,
        code: 'CONTRACT_SERVER_ERROR',
        detail,
      }
    }
    return {
      operation,
      outcome: 'exercised',
      sent,
      status: res.status,
      detail: `${res.status} ${res.exchange.statusText}`,
    }
  } catch (error) {
    if (!(error instanceof SmokeError)) throw error
    // Refused before a byte went out (no token, the budget): not the service's fault.
    if (['NO_TOKEN', 'UNSAFE_METHOD', 'BUDGET_EXHAUSTED'].includes(error.code)) {
      return { operation, outcome: 'skipped', detail: error.headline }
    }
    return { operation, outcome: 'off-contract', sent, code: error.code, detail: error.headline }
  }
}

/** Calls each documented GET and HEAD operation once, literal paths first, and judges every answer. */
export async function walkContract(
  http: HttpClient,
  contract: Contract,
  options: WalkOptions = {},
): Promise<WalkResult[]> {
  const results: WalkResult[] = []
  // One at a time: a walk is a survey, not a load test.
  for (const op of contract.operations) results.push(await walkOne(http, contract, op, options))
  return results
}

/** "7 operations: 5 exercised, 1 off-contract, 1 skipped", for an annotation's title. */
export function walkHeadline(results: readonly WalkResult[]): string {
  const count = (outcome: WalkOutcome) => results.filter((r) => r.outcome === outcome).length
  return `${results.length} operations: ${count('exercised')} exercised, ${count('off-contract')} off-contract, ${count('skipped')} skipped`
}

/** The walk as a Markdown table, one operation a row, for the check to annotate. */
export function walkTable(results: readonly WalkResult[]): string {
  const cell = (text: string) => text.split('\n')[0]?.replaceAll('|', '\\|') ?? ''
  return [
    '| operation | outcome | detail |',
    '| --- | --- | --- |',
    ...results.map(
      (r) => `| ${cell(r.operation)} | ${r.outcome}${r.code ? ` (${r.code})` : ''} | ${cell(r.detail)} |`,
    ),
  ].join('\n')
}
