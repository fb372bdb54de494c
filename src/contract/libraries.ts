// The OpenAPI parser and the JSON Schema validator, loaded only when a check loads a contract:
// together they are a fifth of what a check worker imports (bench/results.md), which a suite
// without a contract should not pay for at every start.
import SwaggerParser from '@apidevtools/swagger-parser'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { fullFormats } from 'ajv-formats/dist/formats.js'

// swagger-parser would fetch an external $ref over http: a contract reads no network after it loads.
const NO_NETWORK = { resolve: { http: false } } as const

/** The document (or the file's, with the files its $refs name relative to it) with every external $ref bundled in. */
export async function bundle(source: string | object): Promise<Record<string, unknown>> {
  return (await SwaggerParser.bundle(source as never, NO_NETWORK)) as unknown as Record<string, unknown>
}

export function validator(): Ajv2020 {
  // OpenAPI adds keywords JSON Schema does not know (example, xml, discriminator): not errors.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false })
  // ajv-formats knows OpenAPI's own formats too (int32, int64, float, double, byte, binary, password).
  addFormats(ajv)
  // A date-time without an offset is what FastAPI sends for a naive datetime (pydantic, SQLite):
  // the suite reads it as UTC (parseUtc), so the contract takes it too rather than flag every one.
  ajv.addFormat('date-time', fullFormats['iso-date-time'])
  return ajv
}
