// Every attempt, retries and redirect hops included, takes one request from the worker's share
// of SMOKE_REQUEST_BUDGET (BUDGET_EXHAUSTED past it): a loop in a check must not flood a service.
import type { RequestBudget } from '../guard.ts'
import type { Step } from './pipeline.ts'

export const budget =
  (requests: RequestBudget): Step =>
  (next) =>
  (call) => {
    requests.take(call.method, call.url.pathname)
    return next(call)
  }
