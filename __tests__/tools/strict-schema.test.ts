/** MCP input schemas made strict for both model APIs, and the model's nulls for optional properties taken out again. */
import { strictInput } from '../../src/tools/strict-schema.js';

it('closes every object, requires every property, makes the optional ones nullable, and reads oneOf as anyOf', () => {
  const strict = strictInput({
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      q: { type: 'string' },
      mode: { enum: ['a', 'b'] },
      filter: { type: 'object', properties: { path: { type: 'string' }, depth: { type: 'integer' } }, required: ['path'] },
      tags: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
      target: { oneOf: [{ type: 'string' }, { type: 'object', properties: { id: { type: 'number' } }, required: ['id'] }] }
    },
    required: ['q']
  })!;
  expect(strict.schema).toEqual({
    type: 'object',
    properties: {
      q: { type: 'string' },
      mode: { anyOf: [{ enum: ['a', 'b'] }, { type: 'null' }] },
      filter: {
        type: ['object', 'null'],
        properties: { path: { type: 'string' }, depth: { type: ['integer', 'null'] } },
        required: ['path', 'depth'],
        additionalProperties: false
      },
      tags: { type: ['array', 'null'], items: { type: 'object', properties: { name: { type: ['string', 'null'] } }, required: ['name'], additionalProperties: false } },
      target: { anyOf: [{ anyOf: [{ type: 'string' }, { type: 'object', properties: { id: { type: 'number' } }, required: ['id'], additionalProperties: false }] }, { type: 'null' }] }
    },
    required: ['q', 'mode', 'filter', 'tags', 'target'],
    additionalProperties: false
  });
  expect(strict.restore({ q: 'x', mode: null, filter: { path: 'src', depth: null }, tags: [{ name: null }], target: null })).toEqual({ q: 'x', filter: { path: 'src' }, tags: [{}] });
});

it('closes an object without properties (a tool without arguments) and has no strict form for a free-form map or allOf', () => {
  expect(strictInput({ type: 'object' })?.schema).toEqual({ type: 'object', properties: {}, required: [], additionalProperties: false });
  expect(strictInput({ type: 'object', properties: { m: { type: 'object', additionalProperties: { type: 'number' } } } })).toBeUndefined();
  expect(strictInput({ type: 'object', properties: { m: { allOf: [{ type: 'string' }] } } })).toBeUndefined();
});
