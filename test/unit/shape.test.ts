// Response shapes (issue 18): records have fixed field names, maps have data as names, arrays of
// records share one path; a new field is informational, a removed or retyped one is a change.
import { describe, expect, it } from 'vitest'
import { compareShapes, shapeOf } from '../../src/http/shape.ts'

const diff = (before: unknown, now: unknown) => compareShapes(shapeOf(before), shapeOf(now))
const NOTHING = { added: [], removed: [], retyped: [] }

describe('shapeOf', () => {
  it('folds a map keyed by data into one `{}` path, whatever its keys', () => {
    expect(shapeOf({ statuses: { '200': 7, '404': 1 }, total: 8 })).toEqual([
      '(root): object',
      'statuses: object',
      'statuses{}: number',
      'total: number',
    ])
  })

  it.each([
    ['dates', { '2026-12-01': 3, '2026-12-02': 5 }],
    ['commits', { '9b2e4f7a': { ok: true }, '3f9c2a7d8e1b': { ok: false } }],
    ['UUIDs', { 'a3bb189e-8bf9-3888-9912-ace4e6543002': 'x' }],
    ['routes', { 'GET /health': 2, 'GET /api/posts': 9 }],
  ])('recognises %s as data keys', (_, map) => {
    expect(shapeOf(map).some((line) => line.startsWith('{}: '))).toBe(true)
  })

  it('keeps fixed field names as a record, in arrays of records too', () => {
    expect(shapeOf({ items: [{ slug: 'a', views: 1 }] })).toEqual([
      '(root): object',
      'items: array',
      'items[]: object',
      'items[].slug: string',
      'items[].views: number',
    ])
  })

  it('takes many same-typed names for a map keyed by slugs', () => {
    const bySlug = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`post-${i}`, { views: i }]))
    expect(shapeOf({ views: bySlug })).toContain('views{}.views: number')
  })
})

describe('compareShapes', () => {
  it('sees nothing when a map gains or loses keys, or becomes empty', () => {
    const before = { statuses: { '200': 7, '404': 1 } }
    expect(diff(before, { statuses: { '200': 7, '404': 1, '503': 2 } })).toEqual(NOTHING)
    expect(diff(before, { statuses: { '200': 9 } })).toEqual(NOTHING)
    expect(diff(before, { statuses: {} })).toEqual(NOTHING)
    expect(diff({ statuses: {} }, before)).toEqual(NOTHING)
  })

  it('sees nothing when an array of records is empty this time', () => {
    expect(diff({ items: [{ slug: 'a' }] }, { items: [] })).toEqual(NOTHING)
  })

  it('names a new field as added, a removed one as removed, once at its topmost path', () => {
    expect(diff({ a: 1 }, { a: 1, b: { c: 2 } })).toEqual({ ...NOTHING, added: ['b: object'] })
    expect(diff({ a: 1, b: { c: 2, d: 3 } }, { a: 1 })).toEqual({ ...NOTHING, removed: ['b: object'] })
    expect(diff({ items: [{ slug: 'a', author: 'x' }] }, { items: [{ slug: 'b' }] })).toEqual({
      ...NOTHING,
      removed: ['items[].author: string'],
    })
  })

  it('names a changed type once, not the fields below it', () => {
    expect(diff({ stats: { hits: 1 } }, { stats: [1, 2] })).toEqual({
      ...NOTHING,
      retyped: [{ path: 'stats', from: ['object'], to: ['array'] }],
    })
  })

  it('takes a nullable field that is null this time for no change', () => {
    expect(diff({ next: { cursor: 'x' } }, { next: null })).toEqual(NOTHING)
    expect(diff({ hit_ratio: 0.5 }, { hit_ratio: null })).toEqual(NOTHING)
  })
})
