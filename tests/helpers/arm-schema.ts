// Checks a Bicep resource's body against Azure's published deployment schema for its type and API
// version (the azure-resource-manager-schemas repository, cut down to what main.bicep uses by
// tests/delivery/arm-schemas/extract.ts): every property it sets must be one the schema declares,
// every required one present, and every literal value of the schema's type, enum and pattern.
// Values computed at deployment (expressions) are checked only for being where a property may be.
import type { BicepResource, BicepValue } from './bicep-template';

export interface JsonSchema {
  $ref?: string;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  type?: string;
  enum?: unknown[];
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
}

export interface SchemaFile {
  resourceDefinitions: Record<string, JsonSchema>;
  definitions: Record<string, JsonSchema>;
}

export interface ArmSchemas {
  source: { repository: string; commit: string };
  files: Record<string, SchemaFile>;
}

/** ARM's own way of saying "any template expression" is allowed here as well. */
const EXPRESSION_REF = 'https://schema.management.azure.com/schemas/common/definitions.json#/definitions/expression';

/** The schema file and resource definition for `type@apiVersion`, if the schemas have one. */
export function resourceDefinition(schemas: ArmSchemas, type: string, apiVersion: string): { file: SchemaFile; definition: JsonSchema } | undefined {
  for (const file of Object.values(schemas.files)) {
    for (const definition of Object.values(file.resourceDefinitions)) {
      const types = definition.properties?.type?.enum ?? [];
      const versions = definition.properties?.apiVersion?.enum ?? [];
      if (types.some((t) => String(t).toLowerCase() === type.toLowerCase()) && versions.includes(apiVersion)) return { file, definition };
    }
  }
  return undefined;
}

/** What is wrong with the resource by its schema: `path: problem`, empty when nothing is. */
export function schemaProblems(resource: BicepResource, schemas: ArmSchemas): string[] {
  const found = resourceDefinition(schemas, resource.type, resource.apiVersion);
  if (!found) return [`${resource.symbol}: no published schema for ${resource.type}@${resource.apiVersion}`];
  // `parent` is Bicep's own: the deployed name is then the parent's name, a slash, and this one.
  const properties = new Map(resource.body.properties);
  const hasParent = properties.delete('parent');
  const name = properties.get('name');
  if (hasParent && name?.kind === 'literal') properties.set('name', { ...name, value: `parent/${String(name.value)}` });
  // `type` and `apiVersion` are given by the declaration itself.
  const body: BicepValue = { kind: 'object', line: resource.body.line, properties: new Map([...properties,
    ['type', { kind: 'literal', line: resource.line, value: resource.type }], ['apiVersion', { kind: 'literal', line: resource.line, value: resource.apiVersion }]]) };
  return problems(body, found.definition, found.file, resource.symbol);
}

function problems(value: BicepValue, schema: JsonSchema, file: SchemaFile, at: string): string[] {
  const shapes = alternatives(schema, file);
  if (shapes === 'expression-only' || value.kind === 'expression') return [];
  const attempts = shapes.map((shape) => problemsWithShape(value, shape, file, at));
  // Like oneOf: the value must fit one alternative; report those it came closest to.
  const fewest = Math.min(...attempts.map((attempt) => attempt.length));
  return fewest === 0 ? [] : [...new Set(attempts.filter((attempt) => attempt.length === fewest).flat())];
}

function problemsWithShape(value: BicepValue, shape: JsonSchema, file: SchemaFile, at: string): string[] {
  switch (value.kind) {
    case 'object': {
      if (shape.type !== undefined && shape.type !== 'object') return [`${at}: an object where the schema wants ${shape.type}`];
      const found: string[] = [];
      for (const [key, property] of value.properties) {
        const propertySchema = shape.properties?.[key] ?? (typeof shape.additionalProperties === 'object' ? shape.additionalProperties : undefined);
        if (propertySchema) found.push(...problems(property, propertySchema, file, `${at}.${key}`));
        else if (shape.additionalProperties !== true) found.push(`${at}.${key}: not a property the schema declares (line ${property.line})`);
      }
      for (const key of shape.required ?? []) if (!value.properties.has(key)) found.push(`${at}.${key}: required by the schema, missing`);
      return found;
    }
    case 'array':
      if (shape.type !== undefined && shape.type !== 'array') return [`${at}: an array where the schema wants ${shape.type}`];
      return shape.items ? value.items.flatMap((item, i) => problems(item, shape.items as JsonSchema, file, `${at}[${i}]`)) : [];
    case 'literal':
      return literalProblems(value.value, shape, `${at} (line ${value.line})`);
    case 'expression':
      return [];
  }
}

function literalProblems(value: string | number | boolean, shape: JsonSchema, at: string): string[] {
  const kind = typeof value === 'number' ? (Number.isInteger(value) ? ['integer', 'number'] : ['number']) : [typeof value];
  if (shape.type !== undefined && !kind.includes(shape.type)) return [`${at}: ${JSON.stringify(value)} is not of type ${shape.type}`];
  // ARM compares enum values without regard to case.
  if (shape.enum && !shape.enum.some((allowed) => String(allowed).toLowerCase() === String(value).toLowerCase())) {
    return [`${at}: ${JSON.stringify(value)} is not one of ${shape.enum.map((v) => JSON.stringify(v)).join(', ')}`];
  }
  if (shape.pattern && typeof value === 'string' && !new RegExp(shape.pattern).test(value)) return [`${at}: "${value}" does not match ${shape.pattern}`];
  return [];
}

/** The concrete shapes a schema node allows, its references resolved and its combinators expanded. */
function alternatives(schema: JsonSchema, file: SchemaFile): JsonSchema[] | 'expression-only' {
  const expand = (node: JsonSchema): JsonSchema[] => {
    if (node.$ref === EXPRESSION_REF) return [];
    if (node.$ref) {
      const target = file.definitions[node.$ref.replace('#/definitions/', '')];
      if (!target) throw new Error(`the schema extract lacks ${node.$ref}: run tests/delivery/arm-schemas/extract.ts again`);
      return expand(target);
    }
    const { oneOf, anyOf, allOf, ...rest } = node;
    let shapes: JsonSchema[] = [rest];
    for (const part of allOf ?? []) shapes = shapes.flatMap((shape) => expand(part).map((other) => merged(shape, other)));
    const choices = oneOf ?? anyOf;
    if (choices) shapes = shapes.flatMap((shape) => choices.flatMap(expand).map((choice) => merged(shape, choice)));
    return shapes;
  };
  const shapes = expand(schema);
  return shapes.length === 0 ? 'expression-only' : shapes;
}

function merged(a: JsonSchema, b: JsonSchema): JsonSchema {
  return {
    ...a, ...b,
    properties: a.properties || b.properties ? { ...a.properties, ...b.properties } : undefined,
    required: [...(a.required ?? []), ...(b.required ?? [])],
  };
}
