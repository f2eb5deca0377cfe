/** A JSON Schema (draft-07, the AsyncAPI default schema format) as plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown };

const OPENAPI_REF = '#/components/schemas/';

/** The AsyncAPI document's name for an OpenAPI schema: `MessageDto` → `Message`. */
export const schemaName = (openApiName: string): string => openApiName.replace(/Dto$/, '');

export const schemaRef = (name: string): JsonSchema => ({ $ref: `${OPENAPI_REF}${name}` });

/**
 * An OpenAPI 3.0 schema as JSON Schema: `nullable` becomes a `null` type, `example` becomes `examples`, and
 * references keep pointing at `#/components/schemas/…` under the AsyncAPI names. So the wire objects
 * (Message, Conversation, Problem …) have one definition, their DTOs, in both documents.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const source = schema as Record<string, unknown>;
  if (source['nullable'] === true && Array.isArray(source['enum']) && source['enum'].length === 1 && source['enum'][0] === null)
    return { type: 'null' };
  const result: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(source)) {
    if (keyword === 'nullable') continue;
    if (keyword === 'example') result['examples'] = [value];
    else if (keyword === '$ref' && typeof value === 'string')
      result['$ref'] = `${OPENAPI_REF}${schemaName(value.slice(OPENAPI_REF.length))}`;
    else if (keyword === 'properties')
      result['properties'] = Object.fromEntries(Object.entries(value as object).map(([name, property]) => [name, toJsonSchema(property)]));
    else result[keyword] = toJsonSchema(value);
  }
  if (source['nullable'] === true && typeof source['type'] === 'string') result['type'] = [source['type'], 'null'];
  return result;
}

/** The names of every schema `roots` refer to, directly or through each other. */
export function referencedSchemas(roots: unknown, schemas: Readonly<Record<string, unknown>>): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [keyword, value] of Object.entries(node)) {
      if (keyword === '$ref' && typeof value === 'string' && value.startsWith(OPENAPI_REF)) {
        const name = value.slice(OPENAPI_REF.length);
        if (!found.has(name)) {
          found.add(name);
          visit(schemas[name]);
        }
      } else visit(value);
    }
  };
  visit(roots);
  return found;
}
