// Writes arm-schemas.json beside this file: the parts of Azure's published deployment schemas
// (the Azure/azure-resource-manager-schemas repository) that infra/main.bicep's resources use, so the
// delivery tests can check the template against them without reaching the network. Run it again when
// the template gains a resource type or changes an API version:
//
//   node --import tsx tests/delivery/arm-schemas/extract.ts CHECKOUT COMMIT
//
// CHECKOUT is a copy of that repository (its schemas/ folder is enough), COMMIT the commit it is at.
// Kept: the resource definitions main.bicep declares, and every definition they reach, with only what
// a check needs (properties, required, type, enum, pattern, items, references and combinators);
// descriptions and child-resource lists are dropped.
import fs from 'node:fs';
import path from 'node:path';
import { readBicep } from '../../helpers/bicep-template';
import type { ArmSchemas, JsonSchema, SchemaFile } from '../../helpers/arm-schema';

const KEPT = new Set(['$ref', 'oneOf', 'anyOf', 'allOf', 'type', 'enum', 'pattern', 'properties', 'required', 'additionalProperties', 'items']);
const root = path.resolve(__dirname, '../../..');

function pruned(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(pruned);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => KEPT.has(key)).map(([key, value]) => [key,
    key === 'properties' ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, schema]) => [name, pruned(schema)])) : pruned(value)]));
}

function referencesIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(referencesIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/') ? [value.slice('#/definitions/'.length)] : referencesIn(value));
}

function withoutChildResources(definition: JsonSchema): JsonSchema {
  const { properties, oneOf, ...rest } = definition;
  const kept = properties && Object.fromEntries(Object.entries(properties).filter(([name]) => name !== 'resources'));
  return { ...rest, ...(kept ? { properties: kept } : {}), ...(oneOf ? { oneOf: oneOf.map(withoutChildResources) } : {}) };
}

async function main(checkout: string, commit: string): Promise<void> {
  const template = await readBicep(fs.readFileSync(path.join(root, 'infra/main.bicep'), 'utf8'));
  const extract: ArmSchemas = { source: { repository: 'Azure/azure-resource-manager-schemas', commit }, files: {} };
  for (const resource of template.resources) {
    const folder = path.join('schemas', resource.apiVersion);
    const candidates = fs.readdirSync(path.join(checkout, folder)).filter((file) => file.startsWith(`${resource.type.split('/')[0]}.`));
    const match = candidates.map((file) => ({ file: path.posix.join(folder, file), schema: JSON.parse(fs.readFileSync(path.join(checkout, folder, file), 'utf8')) as SchemaFile }))
      .flatMap(({ file, schema }) => Object.entries(schema.resourceDefinitions ?? {}).map(([name, definition]) => ({ file, schema, name, definition })))
      .find(({ definition }) => (definition.properties?.type?.enum ?? []).some((t) => String(t).toLowerCase() === resource.type.toLowerCase()));
    if (!match) throw new Error(`no schema for ${resource.type}@${resource.apiVersion} under ${folder}`);
    const entry = (extract.files[match.file] ??= { resourceDefinitions: {}, definitions: {} });
    entry.resourceDefinitions[match.name] = pruned(withoutChildResources(match.definition)) as JsonSchema;
    const pending = referencesIn(entry.resourceDefinitions[match.name]);
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (entry.definitions[name]) continue;
      const definition = match.schema.definitions[name];
      if (!definition) throw new Error(`${match.file} has no definition ${name}`);
      entry.definitions[name] = pruned(definition) as JsonSchema;
      pending.push(...referencesIn(entry.definitions[name]));
    }
  }
  const out = path.join(__dirname, 'arm-schemas.json');
  fs.writeFileSync(out, `${JSON.stringify(extract, null, 1)}\n`);
  console.log(`wrote ${path.relative(root, out)}: ${Object.keys(extract.files).join(', ')}`);
}

const [checkout, commit] = process.argv.slice(2);
if (!checkout || !commit) {
  console.error('usage: node --import tsx tests/delivery/arm-schemas/extract.ts CHECKOUT COMMIT');
  process.exitCode = 2;
} else {
  main(checkout, commit).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
