// Drift between two versions of a document: exactly the expected lines, a 3.0 document against a
// 3.1 one, so that `nullable` turning into `type: [..., 'null']` is seen as no change at all.
import { describe, expect, it } from 'vitest'
import { compareContracts, driftLines, loadContract } from '../../src/index.ts'

const string = { type: 'string' }
const json = (schema: object) => ({ description: 'ok', content: { 'application/json': { schema } } })
const posts = { $ref: '#/components/schemas/PostList' }
const post = { $ref: '#/components/schemas/Post' }
const slug = { name: 'slug', in: 'path', required: true, schema: string }

const before = {
  openapi: '3.0.3',
  info: { title: 'blog', version: '1.0.0' },
  paths: {
    '/posts': {
      get: {
        operationId: 'listPosts',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
        responses: { 200: json(posts) },
      },
    },
    '/legacy': { get: { operationId: 'legacy', responses: { 200: json(string) } } },
    '/posts/{slug}': {
      get: {
        operationId: 'getPost',
        parameters: [slug, { name: 'include', in: 'query', schema: string }],
        responses: { 200: json(post), 404: { description: 'no such post' } },
      },
    },
  },
  components: {
    schemas: {
      PostList: {
        type: 'object',
        required: ['items'],
        properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Summary' } } },
      },
      Summary: {
        type: 'object',
        required: ['slug', 'title'],
        properties: { slug: string, title: string, author: { type: 'string', nullable: true } },
      },
      Post: {
        allOf: [
          { $ref: '#/components/schemas/Summary' },
          { type: 'object', properties: { body: string, views: { type: 'integer' } } },
        ],
      },
    },
  },
}

const after = {
  openapi: '3.1.0',
  info: { title: 'blog', version: '2.0.0' },
  paths: {
    '/posts': before.paths['/posts'],
    '/posts/{slug}': {
      get: {
        operationId: 'getPost',
        parameters: [slug, { name: 'include', in: 'query', required: true, schema: string }],
        responses: { 200: json(post), 404: { description: 'no such post' } },
      },
    },
    '/posts/{slug}/comments': {
      get: {
        operationId: 'listComments',
        parameters: [slug],
        responses: { 200: json({ type: 'array', items: string }) },
      },
    },
  },
  components: {
    schemas: {
      PostList: before.components.schemas.PostList,
      Summary: {
        type: 'object',
        required: ['slug', 'title'],
        properties: {
          slug: string,
          title: string,
          author: { anyOf: [string, { type: 'null' }] },
          tags: { type: 'array', items: string },
        },
      },
      Post: {
        allOf: [{ $ref: '#/components/schemas/Summary' }, { type: 'object', properties: { body: string } }],
      },
    },
  },
}

describe('drift between two versions of a contract', () => {
  it('classifies each change as breaking, non-breaking or informational, one line each', async () => {
    const report = compareContracts(
      await loadContract({ document: before }),
      await loadContract({ document: after }),
    )
    expect(driftLines(report)).toEqual([
      'breaking: legacy (GET /legacy): operation removed',
      'breaking: GET /posts/{slug}: query parameter include became required',
      'breaking: GET /posts/{slug} 200: response field views removed',
      'non-breaking: GET /posts 200: response field items[].tags added (optional)',
      'non-breaking: GET /posts/{slug} 200: response field tags added (optional)',
      'non-breaking: listComments (GET /posts/{slug}/comments): operation added',
      'informational: info.version 1.0.0 → 2.0.0',
    ])
    expect([report.before, report.after]).toEqual(['1.0.0', '2.0.0'])
  })

  it('finds no drift between a document and itself, and calls a changed type breaking', async () => {
    const same = await loadContract({ document: after })
    expect(driftLines(compareContracts(same, same))).toEqual([])
    const retyped = structuredClone(after)
    retyped.components.schemas.Summary.properties.tags = { type: 'array', items: { type: 'integer' } }
    expect(driftLines(compareContracts(same, await loadContract({ document: retyped })))).toEqual([
      'breaking: GET /posts 200: response field items[].tags changed type from array of string to array of integer',
      'breaking: GET /posts/{slug} 200: response field tags changed type from array of string to array of integer',
    ])
  })

  it('calls a parameter value no longer taken and a response value never sent before breaking, the reverse not', async () => {
    const sort = (values: string[]) => ({
      name: 'sort',
      in: 'query',
      schema: { type: 'string', enum: values },
    })
    const withState = (state: object, values: string[]) => {
      const doc = structuredClone(after)
      doc.paths['/posts'].get.parameters = [sort(values)]
      Object.assign(doc.components.schemas.Summary.properties, { state })
      return doc
    }
    const was = withState({ type: 'string', enum: ['draft', 'listed'] }, ['new', 'old'])
    // Null is its type's business (a changed type), not a new value of the enum.
    const now = withState(
      { anyOf: [{ type: 'string', enum: ['draft', 'listed', 'archived'] }, { type: 'null' }] },
      ['new', 'top'],
    )
    expect(
      driftLines(
        compareContracts(await loadContract({ document: was }), await loadContract({ document: now })),
      ),
    ).toEqual([
      'breaking: GET /posts: query parameter sort no longer takes "old"',
      'breaking: GET /posts 200: response field items[].state changed type from string to null | string',
      'breaking: GET /posts 200: response field items[].state may now be "archived"',
      'breaking: GET /posts/{slug} 200: response field state changed type from string to null | string',
      'breaking: GET /posts/{slug} 200: response field state may now be "archived"',
      'non-breaking: GET /posts: query parameter sort also takes "top"',
    ])
  })
})
