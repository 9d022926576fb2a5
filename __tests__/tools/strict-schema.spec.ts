/** MCP input schemas made strict for both model APIs, and the model's nulls for optional properties taken out again. */
import { strictInput } from '../../src/tools/strict-schema.js';

describe('tools/strict-schema', () => {
  it('closes every object, requires every property, makes the optional ones nullable, reads oneOf as anyOf, and tells the bounds in the description', () => {
    const strict = strictInput({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        q: { type: 'string', description: 'What to find.', minLength: 1, pattern: '^\\w+$' },
        mode: { enum: ['a', 'b'] },
        filter: {
          type: 'object',
          properties: { path: { type: 'string', format: 'uri' }, depth: { type: 'integer', minimum: 0, maximum: 9007199254740991 } },
          required: ['path']
        },
        tags: { type: 'array', minItems: 1, items: { type: 'object', properties: { name: { type: 'string' } } } },
        target: { oneOf: [{ type: 'string' }, { type: 'object', properties: { id: { type: 'number' } }, required: ['id'] }] }
      },
      required: ['q']
    })!;
    const orNull = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
    expect(strict.schema).toEqual({
      type: 'object',
      properties: {
        q: { type: 'string', description: 'What to find.\n\n{"minLength":1,"pattern":"^\\\\w+$"}' },
        mode: orNull({ enum: ['a', 'b'] }),
        filter: orNull({
          type: 'object',
          properties: { path: { type: 'string', format: 'uri' }, depth: orNull({ type: 'integer', description: '{"minimum":0,"maximum":9007199254740991}' }) },
          required: ['path', 'depth'],
          additionalProperties: false
        }),
        tags: orNull({
          type: 'array',
          minItems: 1,
          items: { type: 'object', properties: { name: orNull({ type: 'string' }) }, required: ['name'], additionalProperties: false }
        }),
        target: orNull({
          anyOf: [{ type: 'string' }, { type: 'object', properties: { id: { type: 'number' } }, required: ['id'], additionalProperties: false }]
        })
      },
      required: ['q', 'mode', 'filter', 'tags', 'target'],
      additionalProperties: false
    });
    expect(strict.restore({ q: 'x', mode: null, filter: { path: 'src', depth: null }, tags: [{ name: null }], target: null })).toEqual({
      q: 'x',
      filter: { path: 'src' },
      tags: [{}]
    });
  });

  it('closes an object without properties (a tool without arguments) and has no strict form for a free-form map or allOf', () => {
    expect(strictInput({ type: 'object' })?.schema).toEqual({ type: 'object', properties: {}, required: [], additionalProperties: false });
    expect(strictInput({ type: 'object', properties: { m: { type: 'object', additionalProperties: { type: 'number' } } } })).toBeUndefined();
    expect(strictInput({ type: 'object', properties: { m: { allOf: [{ type: 'string' }] } } })).toBeUndefined();
  });
});
