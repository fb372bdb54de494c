// The names under which a value is a credential: query parameters, JSON keys, cookies and
// headers alike. Whole names, any case. Kept narrow on purpose: every match hides a value
// from the reports, so a name that often means something harmless (`key`, `code`) is left to
// the places where it does not (src/redaction/redact.ts, for query strings).
const NAMES = [
  '[\\w.-]*token', // access_token, refresh_token, id_token, X-Amz-Security-Token, csrftoken
  '[\\w.-]*secret', // client_secret
  '[\\w.-]*password',
  'passwd',
  'pwd',
  '(?:x-)?api[-_]?key',
  '(?:access|secret|private)[-_]?key',
  '[\\w.-]*signature', // X-Amz-Signature, X-Goog-Signature
  'sig',
  'x-(?:amz|goog)-credential',
  'jwt',
  'auth',
  '[\\w.-]*sess(?:ion)?(?:[-_.]?id)?', // session, sessionid, session_id, PHPSESSID, laravel_session
  '(?:[\\w-]*\\.)?sid', // sid, connect.sid
]

/** The names as one regular expression group, for building patterns that find them in text. */
export const CREDENTIAL_NAMES = `(?:${NAMES.join('|')})`

const CREDENTIAL_NAME = new RegExp(`^${CREDENTIAL_NAMES}$`, 'i')

export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name)
}
