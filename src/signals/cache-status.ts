// Cache-Status (RFC 9211): one member per cache that handled the response, the one nearest the
// origin first, `demo-cache; hit; ttl=57` or `demo-cache; fwd=miss; stored`.
import { z } from 'zod'
import { type ListMember, lastParam, parseParamList } from './param-list.ts'

export const CacheStatusEntry = z.object({
  cache: z.string().min(1),
  /** The cache answered without going forward. */
  hit: z.boolean(),
  /** Why it went forward: uri-miss, vary-miss, miss, request, stale, partial, bypass, method. */
  fwd: z.string().optional(),
  fwdStatus: z.number().int().optional(),
  /** Seconds the response stays fresh in this cache; negative when already stale. */
  ttl: z.number().int().optional(),
  stored: z.boolean(),
  collapsed: z.boolean(),
  key: z.string().optional(),
  detail: z.string().optional(),
})
export type CacheStatusEntry = z.infer<typeof CacheStatusEntry>

// Structured-field booleans are `?1`/`?0`; a bare parameter is true.
function flag(member: ListMember, key: string): boolean {
  const value = lastParam(member, key)
  return value === true || value === '?1'
}

function text(member: ListMember, key: string): string | undefined {
  const value = lastParam(member, key)
  return typeof value === 'string' ? value : undefined
}

function integer(member: ListMember, key: string): number | undefined {
  const value = text(member, key)
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined
}

export function parseCacheStatus(field: string | undefined): CacheStatusEntry[] {
  return parseParamList(field).map((member) => {
    const entry: CacheStatusEntry = {
      cache: member.value,
      hit: flag(member, 'hit'),
      stored: flag(member, 'stored'),
      collapsed: flag(member, 'collapsed'),
    }
    const optional = {
      fwd: text(member, 'fwd'),
      fwdStatus: integer(member, 'fwd-status'),
      ttl: integer(member, 'ttl'),
      key: text(member, 'key'),
      detail: text(member, 'detail'),
    }
    for (const [name, value] of Object.entries(optional)) {
      if (value !== undefined) Object.assign(entry, { [name]: value })
    }
    return entry
  })
}

/** The member as it was sent, for failure messages: `demo-cache; fwd=miss; stored`. */
export function formatCacheStatusEntry(entry: CacheStatusEntry): string {
  const parts = [entry.cache]
  if (entry.hit) parts.push('hit')
  if (entry.fwd !== undefined) parts.push(`fwd=${entry.fwd}`)
  if (entry.fwdStatus !== undefined) parts.push(`fwd-status=${entry.fwdStatus}`)
  if (entry.ttl !== undefined) parts.push(`ttl=${entry.ttl}`)
  if (entry.stored) parts.push('stored')
  if (entry.collapsed) parts.push('collapsed')
  return parts.join('; ')
}
