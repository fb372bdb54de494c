// FastAPI's conventions, for suites that check a FastAPI service: its request validation error
// (pydantic's body, answered with 422). A suite opts in by passing it to a matcher:
// `expect(res).toBeValidationError('query.limit', fastapi.validationError)`.
import { z } from 'zod'
import type { ValidationConvention } from '../assertions/validation-matchers.ts'

const ValidationIssue = z.object({
  loc: z.array(z.union([z.string(), z.number()])).min(1),
  msg: z.string(),
  type: z.string(),
})

export const fastapi = {
  validationError: {
    name: "FastAPI's validation error",
    status: 422,
    issues: z
      .object({ detail: z.array(ValidationIssue).min(1) })
      .transform((body) =>
        body.detail.map((issue) => ({ at: issue.loc.join('.'), message: issue.msg, kind: issue.type })),
      ),
  } satisfies ValidationConvention,
}
