import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { driftOf } from '../../src/server/http/response-check.js';

const answer = z.strictObject({ id: z.string() });
const json = 'application/json; charset=utf-8';

describe('the response contract check', () => {
  it('passes an answer that matches its declared schema, status and content type', () => {
    expect(driftOf(answer, 200, json, '{"id":"a"}')).toBeNull();
    expect(driftOf(null, 204, '', '')).toBeNull();
    expect(driftOf({ contentType: 'text/csv', description: 'rows' }, 200, 'text/csv; charset=utf-8', null)).toBeNull();
    expect(driftOf(undefined, 404, json, '{"error":{"code":"not_found","message":"Not found.","request_id":"r1"}}')).toBeNull();
  });

  it('names the drift: an extra or wrong field, an undeclared status, a body on 204, a wrong content type, a broken envelope', () => {
    expect(driftOf(answer, 200, json, '{"id":"a","password_hash":"x"}')).toMatch(/password_hash/);
    expect(driftOf(answer, 200, json, '{"id":1}')).toMatch(/^id: /);
    expect(driftOf(undefined, 201, json, '{"id":"a"}')).toBe('status 201 is not declared');
    expect(driftOf(null, 204, json, '{}')).toBe('a body where none is declared');
    expect(driftOf({ contentType: 'text/csv', description: 'rows' }, 200, json, '{}')).toMatch(/declared text\/csv/);
    expect(driftOf(undefined, 400, json, '{"message":"bad"}')).toMatch(/^error: /);
    expect(driftOf(undefined, 500, 'text/html', '<h1>oops</h1>')).toMatch(/expected JSON/);
  });
});
