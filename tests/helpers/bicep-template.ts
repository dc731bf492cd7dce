// Reads a Bicep file with a real Bicep grammar (tree-sitter-bicep, run as WebAssembly), into plain
// values the delivery tests can check: its syntax errors, parameters, variables, resources and
// outputs. The Bicep compiler cannot run here (docs/delivery.md says why); this is what can.
import path from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';

export type BicepValue =
  | { kind: 'object'; properties: Map<string, BicepValue>; line: number }
  | { kind: 'array'; items: BicepValue[]; line: number }
  | { kind: 'literal'; value: string | number | boolean; line: number }
  /** Anything computed at deployment (interpolations, references, function calls): its source text. */
  | { kind: 'expression'; text: string; line: number };
export type BicepObject = Extract<BicepValue, { kind: 'object' }>;

export interface BicepResource {
  symbol: string;
  type: string;
  apiVersion: string;
  /** The `if (…)` condition's source text, for a conditional resource. */
  condition?: string;
  body: BicepObject;
  line: number;
}

export interface BicepTemplate {
  /** `line:column what`, one per place the grammar could not read. */
  syntaxErrors: string[];
  parameters: Map<string, { type: string; decorators: string[]; defaultValue?: BicepValue }>;
  variables: Map<string, BicepValue>;
  resources: BicepResource[];
  outputs: Map<string, BicepValue>;
}

const grammar = path.join(path.dirname(require.resolve('tree-sitter-bicep/package.json')), 'tree-sitter-bicep.wasm');

export async function readBicep(text: string): Promise<BicepTemplate> {
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(grammar));
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter gave no tree for the Bicep text');
  const template: BicepTemplate = { syntaxErrors: syntaxErrorsIn(tree.rootNode), parameters: new Map(), variables: new Map(), resources: [], outputs: new Map() };
  let decorators: string[] = [];
  for (const node of tree.rootNode.namedChildren) {
    if (!node) continue;
    const named = node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
    switch (node.type) {
      case 'decorators':
        decorators = named.map((decorator) => decorator.text);
        continue;
      case 'parameter_declaration': {
        const [name, type, defaultValue] = named;
        template.parameters.set(name?.text ?? '', { type: type?.text ?? '', decorators, defaultValue: defaultValue && valueOf(defaultValue) });
        break;
      }
      case 'variable_declaration':
        template.variables.set(named[0]?.text ?? '', valueOf(named[named.length - 1]));
        break;
      case 'output_declaration':
        template.outputs.set(named[0]?.text ?? '', valueOf(named[named.length - 1]));
        break;
      case 'resource_declaration':
        template.resources.push(resourceOf(named));
        break;
    }
    decorators = [];
  }
  return template;
}

function resourceOf([symbol, typeString, declaration]: Node[]): BicepResource {
  const [type = '', apiVersion = ''] = literalText(typeString).split('@');
  const conditional = declaration?.type === 'if_statement';
  const bodyNode = conditional ? declaration.namedChildren.find((child) => child?.type === 'object') : declaration;
  const body = valueOf(bodyNode ?? undefined);
  if (body.kind !== 'object') throw new Error(`resource ${symbol?.text}: its body is not an object (line ${body.line})`);
  return {
    symbol: symbol?.text ?? '', type, apiVersion, body, line: (symbol?.startPosition.row ?? 0) + 1,
    condition: conditional ? declaration.namedChildren.find((child) => child?.type === 'parenthesized_expression')?.text : undefined,
  };
}

/** A quoted string's text, its escapes (`\'`, `\\`) read. */
function literalText(node: Node | undefined): string {
  return (node?.namedChildren ?? []).map((child) => (child?.type === 'escape_sequence' ? child.text.slice(1) : child?.text ?? '')).join('');
}
const LITERAL_PARTS = ['string_content', 'escape_sequence'];

function valueOf(node: Node | undefined): BicepValue {
  const line = (node?.startPosition.row ?? 0) + 1;
  const children = (node?.namedChildren ?? []).filter((child): child is Node => child !== null && child.type !== 'comment');
  switch (node?.type) {
    case 'object':
      return { kind: 'object', line, properties: new Map(children.filter((child) => child.type === 'object_property').map((property) => {
        const [key, value] = property.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
        return [key?.type === 'string' ? literalText(key) : key?.text ?? '', valueOf(value)];
      })) };
    case 'array':
      return { kind: 'array', line, items: children.map(valueOf) };
    case 'string':
      return children.every((child) => LITERAL_PARTS.includes(child.type))
        ? { kind: 'literal', line, value: literalText(node) }
        : { kind: 'expression', line, text: node.text };
    case 'number':
      return { kind: 'literal', line, value: Number(node.text) };
    case 'boolean':
      return { kind: 'literal', line, value: node.text === 'true' };
    default:
      return { kind: 'expression', line, text: node?.text ?? '' };
  }
}

function syntaxErrorsIn(node: Node): string[] {
  const here = node.isError || node.isMissing
    ? [`${node.startPosition.row + 1}:${node.startPosition.column + 1} ${node.isMissing ? `missing ${node.type}` : `cannot read "${node.text.slice(0, 40)}"`}`]
    : [];
  if (!node.hasError && !node.isMissing) return here;
  return [...here, ...node.children.flatMap((child) => (child ? syntaxErrorsIn(child) : []))];
}

/** The value at a dotted path in a resource's body (`properties.siteConfig.appSettings`). */
export function valueAt(value: BicepValue | undefined, dottedPath: string): BicepValue | undefined {
  return dottedPath.split('.').reduce<BicepValue | undefined>((at, key) => (at?.kind === 'object' ? at.properties.get(key) : undefined), value);
}
