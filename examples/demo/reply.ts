// What a handler decides; service.ts turns it into bytes, so faults and routes never touch sockets.
export interface Reply {
  status: number
  type: string
  body: string
  headers?: Record<string, string>
}

export const JSON_TYPE = 'application/json'

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, type: JSON_TYPE, body: JSON.stringify(body), headers }
}
