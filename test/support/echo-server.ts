// A service on 127.0.0.1 that echoes the Bearer token it gets back in each form a service might
// encode it in, and in each place an answer has: a header, a JSON body, a redirect's URL and the
// text a check turns into an error. Each echo is labelled `<place>-<form>:` so that a report
// shows which one it was, and whether the marker took its place.
import { createServer, type ServerResponse } from 'node:http'
import { listenLocally } from './listen.ts'

const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (byte) => byte.toLowerCase())
const jsonContent = (text: string) => JSON.stringify(text).slice(1, -1)

/** Written out here, not taken from the code under test: the forms a reader can decode. */
export const FORMS = {
  raw: (token: string) => token,
  'json-slash': (token: string) => jsonContent(token).replaceAll('/', '\\/'),
  'json-u002B': (token: string) => jsonContent(token).replaceAll('+', '\\u002B'),
  'json-every': (token: string) =>
    Array.from(token, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join(
      '',
    ),
  'json-nested': (token: string) => jsonContent(JSON.stringify({ token }).replaceAll('/', '\\/')),
  'percent-upper': (token: string) => encodeURIComponent(token),
  'percent-lower': (token: string) => lowerHex(encodeURIComponent(token)),
  base64: (token: string) => Buffer.from(token).toString('base64'),
  base64url: (token: string) => Buffer.from(token).toString('base64url'),
} satisfies Record<string, (token: string) => string>

export type Form = keyof typeof FORMS
export const FORM_NAMES = Object.keys(FORMS) as Form[]
export const PLACES = ['header', 'body', 'url', 'error'] as const
export type Place = (typeof PLACES)[number]

export const echoOf = (place: Place, form: Form, token: string) => `${place}-${form}:${FORMS[form](token)};`
/**
 * The marker where the echo was, in whatever escaping the report writes around it: JSON in
 * JSON keeps the quotes around the token (`{\"token\":\"[REDACTED]\"}`).
 */
export const markerOf = (place: Place, form: Form) => new RegExp(`${place}-${form}:\\S{0,60}?\\[REDACTED\\]`)
/** Sent with every answer: a challenge's parameters are no secret and must stay readable. */
export const CHALLENGE = 'Bearer realm="admin"'

export async function startEchoServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const form = url.searchParams.get('form') as Form
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? ''
    const send = (
      res: ServerResponse,
      status: number,
      body: string,
      headers: Record<string, string> = {},
    ) => {
      res.writeHead(status, { 'content-type': 'application/json', 'www-authenticate': CHALLENGE, ...headers })
      res.end(body)
    }
    if (!(form in FORMS)) return send(res, 200, '{"landed":true}')
    switch (url.pathname) {
      case '/header':
        return send(res, 200, '{}', { 'x-echo': echoOf('header', form, token) })
      case '/body':
        return send(res, 200, `{"echo":"${echoOf('body', form, token)}"}`)
      case '/redirect':
        return send(res, 302, '{}', { location: `/landed?echo=${echoOf('url', form, token)}` })
      case '/error':
        res.writeHead(503, { 'content-type': 'text/plain', 'www-authenticate': CHALLENGE })
        return res.end(echoOf('error', form, token))
      default:
        return send(res, 404, '{}')
    }
  })
  return { url: await listenLocally(server) }
}
