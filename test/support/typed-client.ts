// A client driven by the OpenAPI document: it finds an operation by its operationId, fills the
// path, and checks the answer twice — against the document's JSON Schema (what an integrator's
// generated client relies on) and against the shared zod schema, whose type the caller gets back.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { z } from 'zod';
import type { ApiClient } from './http-client.js';

interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema: object }>; $ref?: string }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; responses: Record<string, { content: Record<string, { schema: object }> }> };
}

export interface Call {
  path?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

export class TypedClient {
  private readonly ajv = new Ajv2020({ strict: false, validateFormats: false });

  constructor(
    private readonly doc: OpenApiDocument,
    private readonly http: ApiClient,
  ) {
    this.ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  }

  private find(operationId: string): { method: string; template: string; op: Operation } {
    for (const [template, methods] of Object.entries(this.doc.paths))
      for (const [method, op] of Object.entries(methods)) if (op.operationId === operationId) return { method: method.toUpperCase(), template, op };
    throw new Error(`no operation ${operationId} in the document`);
  }

  /** Calls the operation; the answer must be `expected` and match both the document and `answer`. */
  async call<S extends z.ZodType>(operationId: string, answer: S, expected: number, args: Call = {}): Promise<z.infer<S>> {
    const { method, template, op } = this.find(operationId);
    const url = template.replace(/\{([A-Za-z_]+)\}/g, (_, name: string) => {
      const value = args.path?.[name];
      if (value === undefined) throw new Error(`${operationId}: path parameter ${name} missing`);
      return encodeURIComponent(value);
    });
    const res = await this.http.request(method, url, args.body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}), args.headers);
    if (res.status !== expected) throw new Error(`${operationId}: ${res.status} ${JSON.stringify(res.body)}, expected ${expected}`);
    const declared = op.responses[String(expected)]?.content?.['application/json']?.schema;
    if (!declared) throw new Error(`${operationId}: the document declares no JSON answer for ${expected}`);
    const validate = this.ajv.compile(rewriteRefs(declared));
    if (!validate(res.body)) throw new Error(`${operationId}: the answer does not match the document: ${this.ajv.errorsText(validate.errors)}`);
    return answer.parse(res.body);
  }
}

/** A `#/components/…` ref of an operation points into the document registered as `doc`. */
function rewriteRefs(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/components/', '"$ref":"doc#/components/'));
}
