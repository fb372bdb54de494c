// The service's OpenAPI 3.1 document. Its component schemas are generated from the zod schemas the
// checks validate with, so the document cannot drift from the contract.
import { z } from 'zod'
import * as contract from '../contract/schemas.ts'

const COMPONENTS = {
  Health: contract.Health,
  Readiness: contract.Readiness,
  DependencyDatabase: contract.DependencyDatabase,
  DependencyCache: contract.DependencyCache,
  JobStatus: contract.JobStatus,
  Version: contract.Version,
  PostSummary: contract.PostSummary,
  PostList: contract.PostList,
  PostDetail: contract.PostDetail,
  NotFound: contract.NotFound,
  ValidationIssue: contract.ValidationIssue,
  ValidationError: contract.ValidationError,
  AdminStats: contract.AdminStats,
} satisfies Record<string, z.ZodType>

type SchemaName = keyof typeof COMPONENTS

function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>()
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id })
  // The input side: checks parse responses with these schemas, which accept (and strip) extra
  // fields such as pydantic's `input` and `ctx`; the output side would forbid them.
  const { schemas } = z.toJSONSchema(registry, { io: 'input', uri: (id) => `#/components/schemas/${id}` })
  // An OpenAPI component takes its identity from its place in the document.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]),
  )
}

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` })
const header = (name: string) => ({ $ref: `#/components/headers/${name}` })

const VERSION_HEADER = { 'x-app-version': header('AppVersion') }
const CACHE_HEADERS = {
  ...VERSION_HEADER,
  'Server-Timing': header('ServerTiming'),
  'Cache-Status': header('CacheStatus'),
  'X-Cache': header('XCache'),
  'Cache-Control': header('CacheControl'),
  Age: header('Age'),
}

function answer(description: string, schema: SchemaName, headers: Record<string, unknown> = VERSION_HEADER) {
  return { description, headers, content: { 'application/json': { schema: ref(schema) } } }
}

function get(operationId: string, summary: string, responses: Record<string, unknown>, extra = {}) {
  return { get: { operationId, summary, ...extra, responses } }
}

// Like FastAPI's, the document leaves out /openapi.json itself: it lists the API, not its description.
export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'smokecheck demo service',
      version,
      description: 'The backend of a content website: the reference contract smokecheck checks against.',
    },
    paths: {
      '/health': get('health', 'Liveness', { 200: answer('The process answers', 'Health') }),
      '/health/ready': get('readiness', 'Readiness with dependency and job details', {
        200: answer('Ready, or degraded but serving', 'Readiness'),
        503: answer('Not ready: a dependency is down', 'Readiness'),
      }),
      '/version': get('version', 'The deployed build', { 200: answer('The deployed build', 'Version') }),
      '/api/posts': get(
        'listPosts',
        'The newest posts',
        {
          200: answer('A page of posts, newest first', 'PostList', CACHE_HEADERS),
          422: answer('The limit is not an integer in range', 'ValidationError', CACHE_HEADERS),
          503: answer('The database is unavailable', 'NotFound'),
        },
        {
          parameters: [
            {
              name: 'limit',
              in: 'query',
              required: false,
              schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
            },
          ],
        },
      ),
      '/api/posts/{slug}': get(
        'getPost',
        'One post with its body and view count',
        {
          200: answer('The post', 'PostDetail', CACHE_HEADERS),
          404: answer('No post has this slug', 'NotFound', CACHE_HEADERS),
          503: answer('The database is unavailable', 'NotFound'),
        },
        { parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }] },
      ),
      '/admin/stats': get(
        'adminStats',
        'Counters for operators',
        {
          200: answer('The counters', 'AdminStats'),
          401: answer('Missing or wrong Bearer token', 'NotFound', {
            ...VERSION_HEADER,
            'WWW-Authenticate': { schema: { type: 'string', const: 'Bearer' } },
          }),
        },
        { security: [{ HTTPBearer: [] }] },
      ),
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: { HTTPBearer: { type: 'http', scheme: 'bearer' } },
      headers: {
        AppVersion: { description: 'The running version', schema: { type: 'string' } },
        ServerTiming: {
          description: 'db;dur=<ms>;desc="<n> queries", cache;desc=hit|miss',
          schema: { type: 'string' },
        },
        CacheStatus: { description: 'RFC 9211 Cache-Status', schema: { type: 'string' } },
        XCache: { description: 'HIT or MISS', schema: { type: 'string', enum: ['HIT', 'MISS'] } },
        CacheControl: { description: 'How long the answer may be reused', schema: { type: 'string' } },
        Age: { description: 'Seconds since the answer was cached (hits only)', schema: { type: 'integer' } },
      },
    },
  }
}
