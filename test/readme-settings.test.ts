// The README's settings table is the user's reference: it names every setting the schema
// knows, with the schema's own default, and none that the schema does not know.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SETTING_KEYS, Settings } from '../src/config/settings.ts'
import { ROOT } from './support/run-checks.ts'

const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
/** `| `SMOKE_A`, `SMOKE_B` | default | meaning |` rows of the settings table. */
const rows = README.split('\n').filter((line) => /^\| `SMOKE_/.test(line))
const defaults = Settings.parse({}) as Record<string, unknown>

describe("the README's settings table", () => {
  it.each(SETTING_KEYS)('lists %s', (key) => {
    expect(rows.some((row) => row.split('|')[1]?.includes(`\`${key}\``))).toBe(true)
  })

  it('lists no setting the schema does not know', () => {
    const listed = rows.flatMap((row) =>
      [...(row.split('|')[1] ?? '').matchAll(/`(SMOKE_\w+)`/g)].map((m) => m[1]),
    )
    expect(listed.filter((key) => !(SETTING_KEYS as readonly (string | undefined)[]).includes(key))).toEqual(
      [],
    )
  })

  it.each(SETTING_KEYS.filter((key) => typeof defaults[key] === 'number'))(
    'gives the default of %s',
    (key) => {
      const row = rows.find((r) => r.split('|')[1]?.includes(`\`${key}\``))
      expect(row?.split('|')[2]?.trim()).toBe(String(defaults[key]))
    },
  )
})
