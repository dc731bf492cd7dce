// The one module that knows Microsoft's Kusto parser (@kusto/language-service-next): it declares
// the classic Application Insights schema to the parser, asks it to parse and analyse a query, and
// turns its syntax tree into our own plain AST (ast.ts). Everything else works on our types.
//
// The package is the Kusto language library compiled from C# by Bridge.NET: two scripts that
// define the globals `Bridge` and `Kusto` (requiring the package root alone fails), with overloaded
// constructors named $ctor1, $ctor2 … and .NET collections (Count, getItem). Its first parse takes
// seconds while it initialises, so a process calls warmUp() when it starts.
//
// Longer than our usual ~300 lines on purpose: keeping every Bridge.NET shape in this one file is
// worth more than two files that both know them.
//
// Bridge.NET types every .NET reference as nullable, so the code below gives many `?? ''`
// fallbacks that an analysed tree never needs. Mutation testing cannot reach them, and each is
// marked where it stands rather than left to look like an untested branch.
/// <reference types="@kusto/language-service-next" />
// Loaded for their side effect (the globals), in this order.
import '@kusto/language-service-next/bridge.js';
import '@kusto/language-service-next/Kusto.Language.Bridge.js';
import type { Column, Diagnostic, Expr, JoinKind, KType, Named, Operator, OrderKey, ParseMode, ParsePart, Query, Statement, Tabular, Value } from './ast';
import { KqlError } from './ast';
import { SCHEMA } from './schema';
import { positionOf } from './positions';
import { parseDatetimeLiteral, parseTimespanLiteral } from './literals';

type Node = Kusto.Language.Syntax.SyntaxNode;
type ExprNode = Kusto.Language.Syntax.Expression;
type SymbolNode = Kusto.Language.Symbols.Symbol;

/** What a parameter or a let inside a function body stands for where the body is inlined. */
type Binding = { kind: 'scalar'; expr: Expr } | { kind: 'tabular'; tabular: Tabular };
/** A let function, with the bindings it sees where it was declared (a function inside a function sees the outer's parameters). */
interface UserFunction { declaration: Kusto.Language.Syntax.FunctionDeclaration; scope: Map<SymbolNode, Binding> }

/** The conversion a parameter of each type applies to its argument (an int given for a long parameter, say). */
const PARAMETER_CONVERSIONS: Partial<Record<KType, string>> = {
  int: 'toint', long: 'tolong', real: 'toreal', decimal: 'todecimal', string: 'tostring', bool: 'tobool', datetime: 'todatetime', timespan: 'totimespan', guid: 'toguid',
};

const kusto = (): typeof Kusto.Language => Kusto.Language;

let globalState: Kusto.Language.GlobalState | null = null;

function globals(): Kusto.Language.GlobalState {
  if (globalState) return globalState;
  const K = kusto();
  const tables = Object.entries(SCHEMA).map(([name, columns]) =>
    new K.Symbols.TableSymbol.$ctor7(name, `(${columns.map((c) => `${c.name}:${c.type}`).join(', ')})`, null));
  // Stryker disable next-line StringLiteral,BooleanLiteral: the database's name and flag change no analysis
  const database = new K.Symbols.DatabaseSymbol.$ctor1('ApplicationInsights', tables as never, false);
  const state = K.GlobalState.Default?.WithDatabase(database);
  // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
  if (!state) throw new Error('the Kusto parser did not accept the schema');
  globalState = state;
  return state;
}

/** Pays the parser's start-up cost now rather than on a learner's first query. */
export function warmUp(query = 'requests | where timestamp > ago(1h) | summarize count() by bin(timestamp, 5m)'): number {
  const started = performance.now();
  const analysis = analyse(query);
  // Failing here fails the query worker's start, so the first query says why rather than answering wrongly.
  if (!analysis.ok) throw new Error(`the KQL parser failed its warm-up query: ${analysis.diagnostics.map((d) => d.message).join('; ')}`);
  return performance.now() - started;
}

export type Analysis = { ok: true; query: Query } | { ok: false; diagnostics: Diagnostic[] };

/** Parses and analyses `text` under the classic schema: our AST, or the analyser's errors. */
export function analyse(text: string): Analysis {
  const K = kusto();
  const code = K.KustoCode.ParseAndAnalyze(text, globals());
  // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
  if (!code?.Syntax) throw new Error('the Kusto parser returned nothing');
  const found = code.GetDiagnostics();
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < (found?.Count ?? 0); i++) {
    const d = found?.getItem(i);
    if (!d || d.Severity !== 'Error') continue;
    // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
    diagnostics.push({ code: d.Code ?? 'KS000', message: d.Message ?? 'error', ...positionOf(text, d.Start, d.Length) });
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  try {
    return { ok: true, query: new Converter(K).query(code.Syntax) };
  } catch (error) {
    if (!(error instanceof KqlError)) throw error;
    return { ok: false, diagnostics: [{ code: error.code, message: error.message, ...positionOf(text, error.at, 1) }] };
  }
}

// Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
const textOf = (node: Kusto.Language.Syntax.SyntaxElement): string => String(node.toString() ?? '').trim();

const SCALAR_TYPES: readonly KType[] = ['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'dynamic', 'guid'];

const JOIN_KINDS: readonly JoinKind[] = ['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter', 'leftanti', 'rightanti', 'leftsemi', 'rightsemi'];
/** Kusto's other names for two of the kinds (join operator, "Join flavors"). */
const JOIN_ALIASES: Readonly<Record<string, JoinKind>> = { anti: 'leftanti', leftantisemi: 'leftanti', rightantisemi: 'rightanti' };

/** real(nan), real(+inf) and real(-inf): Bridge.NET's LiteralValue gives "0" for these, so we read the text. */
const SPECIAL_REALS: Readonly<Record<string, number>> = { nan: NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity };
function specialReal(text: string): number | null {
  const inner = /^(?:real|double)\(\s*([+-]?inf|nan)\s*\)$/i.exec(text)?.[1];
  return inner === undefined ? null : (SPECIAL_REALS[inner.toLowerCase()] ?? null);
}

/** Walks one analysed tree. Anything it does not recognise is a KqlError naming it and where it is. */
class Converter {
  /** User functions are inlined where they are called: their parameters and local lets, bound by symbol. */
  private scope = new Map<SymbolNode, Binding>();
  private readonly functions = new Map<SymbolNode, UserFunction>();

  constructor(private readonly K: typeof Kusto.Language) {}

  query(root: Node): Query {
    const S = this.K.Syntax;
    if (!(root instanceof S.QueryBlock)) throw this.unsupported(root);
    const statements: Statement[] = [];
    let result: Tabular | null = null;
    for (const element of this.list(root.Statements)) {
      const statement = this.element(element);
      if (statement instanceof S.LetStatement && statement.Expression && statement.Name) {
        if (statement.Expression instanceof S.FunctionDeclaration) {
          this.declareFunction(statement.Name, statement.Expression);
          continue;
        }
        // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
        const name = statement.Name.SimpleName ?? '';
        if (this.isTabular(statement.Expression)) statements.push({ kind: 'let-tabular', name, tabular: this.tabular(statement.Expression) });
        else statements.push({ kind: 'let-scalar', name, expr: this.scalar(statement.Expression) });
      } else if (statement instanceof S.ExpressionStatement && statement.Expression) {
        if (result) throw new KqlError('only one result per query is supported here: remove the extra query or join them with union', statement.TextStart);
        if (!this.isTabular(statement.Expression)) throw new KqlError('a query must end in a table (for a single value, use print)', statement.TextStart);
        result = this.tabular(statement.Expression);
      } else {
        throw this.unsupported(statement);
      }
    }
    if (!result) throw new KqlError('the query has no tabular expression to run', root.TextStart);
    return { statements, result };
  }

  private isTabular(node: ExprNode): boolean {
    return node.ResultType instanceof this.K.Symbols.TableSymbol;
  }

  private columnsOf(node: ExprNode): Column[] {
    const type = node.ResultType;
    if (!(type instanceof this.K.Symbols.TableSymbol)) throw this.unsupported(node);
    // A column of a type we cannot hold is reported where the operator that made it starts.
    const at = node instanceof this.K.Syntax.PipeExpression && node.Operator ? node.Operator.TextStart : node.TextStart;
    return this.columnList(type.Columns, at);
  }

  private columnList(list: System.Collections.Generic.IReadOnlyList$1<Kusto.Language.Symbols.ColumnSymbol> | null, at: number): Column[] {
    const columns: Column[] = [];
    for (let i = 0; i < (list?.Count ?? 0); i++) {
      const column = list?.getItem(i);
      // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
      if (column) columns.push({ name: column.Name ?? '', type: this.typeName(column.Type, column.Name ?? '', at) });
    }
    return columns;
  }

  private typeName(type: Kusto.Language.Symbols.TypeSymbol | null, what: string, at: number): KType {
    // Every dynamic symbol (array, bag, any) is named "dynamic", so the name alone decides.
    // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
    const name = type?.Name ?? 'unknown';
    if ((SCALAR_TYPES as readonly string[]).includes(name)) return name as KType;
    throw new KqlError(`values of type ${name} (${what}) are not supported here`, at);
  }

  tabular(node: ExprNode): Tabular {
    const S = this.K.Syntax;
    const at = node.TextStart;
    if (node instanceof S.ParenthesizedExpression && node.Expression) return this.tabular(node.Expression);
    if (node instanceof S.PipeExpression && node.Expression && node.Operator) {
      return { kind: 'pipe', source: this.tabular(node.Expression), operator: this.operator(node.Operator), at: node.Operator.TextStart, columns: this.columnsOf(node) };
    }
    const called = this.userFunctionCall(node, 'tabular');
    if (called) return called.tabular;
    if (node instanceof S.NameReference) {
      const symbol = node.ReferencedSymbol;
      // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
      const name = node.SimpleName ?? '';
      const bound = symbol ? this.scope.get(symbol) : undefined;
      if (bound?.kind === 'tabular') return bound.tabular;
      if (symbol instanceof this.K.Symbols.TableSymbol) return { kind: 'table', name, at, columns: this.columnsOf(node) };
      // Stryker disable next-line ConditionalExpression: a table name in tabular position is a table or a let; let functions are refused above
      if (symbol instanceof this.K.Symbols.VariableSymbol) return { kind: 'variable', name, at, columns: this.columnsOf(node) };
    }
    if (node instanceof S.UnionOperator) return this.union(node, this.columnsOf(node));
    if (node instanceof S.PrintOperator) return { kind: 'print', items: this.named(node.Expressions), at, columns: this.columnsOf(node) };
    throw this.unsupported(node);
  }

  private union(node: Kusto.Language.Syntax.UnionOperator, columns: Column[]): Tabular & { kind: 'union' } {
    let withSource: string | null = null;
    for (const parameter of this.list(node.Parameters)) {
      if (!(parameter instanceof this.K.Syntax.NamedParameter)) throw this.unsupported(parameter);
      const name = parameter.Name?.SimpleName;
      if (name !== 'withsource') throw this.unsupported(parameter);
      withSource = parameter.Expression instanceof this.K.Syntax.NameDeclaration ? parameter.Expression.SimpleName ?? null : (parameter.Expression ? textOf(parameter.Expression) : null);
    }
    const sources = this.expressions(node.Expressions).map((e) => this.tabular(e));
    return { kind: 'union', sources, withSource, at: node.TextStart, columns };
  }

  private operator(node: Kusto.Language.Syntax.QueryOperator): Operator {
    const S = this.K.Syntax;
    if (node instanceof S.FilterOperator && node.Condition) {
      this.noParameters(node.Parameters);
      return { kind: 'where', condition: this.scalar(node.Condition) };
    }
    if (node instanceof S.ProjectOperator) return { kind: 'project', items: this.named(node.Expressions) };
    if (node instanceof S.ExtendOperator) return { kind: 'extend', items: this.named(node.Expressions) };
    if (node instanceof S.ProjectAwayOperator) {
      return { kind: 'project-away', names: this.expressions(node.Expressions).map((e) => this.columnName(e)) };
    }
    if (node instanceof S.ProjectRenameOperator) {
      return { kind: 'project-rename', renames: this.named(node.Expressions).map((item) => {
        // Stryker disable next-line StringLiteral: the analyser already requires newName = column (KS109, KS110)
        if (item.name === null || item.expr.kind !== 'column') throw new KqlError('project-rename takes newName = oldName', item.expr.at);
        return { to: item.name, from: item.expr.name };
      }) };
    }
    if (node instanceof S.SummarizeOperator) {
      this.noParameters(node.Parameters);
      if (node.ByClause?.BinClause) throw this.unsupported(node.ByClause.BinClause);
      return { kind: 'summarize', aggregates: this.named(node.Aggregates), by: node.ByClause ? this.named(node.ByClause.Expressions) : [] };
    }
    if (node instanceof S.CountOperator) {
      if (node.AsIdentifier) throw this.unsupported(node.AsIdentifier);
      return { kind: 'count' };
    }
    if (node instanceof S.DistinctOperator) {
      this.noParameters(node.Parameters);
      return { kind: 'distinct', items: this.named(node.Expressions) };
    }
    if (node instanceof S.SortOperator) {
      this.noParameters(node.Parameters);
      return { kind: 'sort', keys: this.expressions(node.Expressions).map((e) => this.orderKey(e)) };
    }
    if (node instanceof S.TakeOperator && node.Expression) {
      this.noParameters(node.Parameters);
      return { kind: 'take', count: this.scalar(node.Expression) };
    }
    if (node instanceof S.TopOperator && node.Expression && node.ByExpression) {
      this.noParameters(node.Parameters);
      return { kind: 'top', count: this.scalar(node.Expression), key: this.orderKey(node.ByExpression) };
    }
    if (node instanceof S.SerializeOperator) {
      this.noParameters(node.Parameters);
      return { kind: 'serialize', items: this.named(node.Expressions) };
    }
    if (node instanceof S.JoinOperator && node.Expression) return this.join(node, node.Expression);
    if (node instanceof S.UnionOperator) throw new KqlError('union after a pipe is not supported here: start the query with union a, b', node.TextStart);
    if (node instanceof S.MvExpandOperator) {
      this.noParameters(node.Parameters);
      if (node.RowLimitClause) throw this.unsupported(node.RowLimitClause);
      return { kind: 'mv-expand', items: this.list(node.Expressions).map((element) => {
        const item = this.element(element);
        if (!(item instanceof S.MvExpandExpression) || !item.Expression) throw this.unsupported(item);
        const named = this.namedOne(item.Expression);
        const typeNode = item.ToTypeOf?.TypeOf;
        // Stryker disable next-line StringLiteral: the analyser lets typeof() name only known types, all of which we hold
        const to = typeNode ? this.typeName(typeNode.ReferencedSymbol instanceof this.K.Symbols.TypeSymbol ? typeNode.ReferencedSymbol : null, 'typeof', typeNode.TextStart) : null;
        const name = named.name ?? (named.expr.kind === 'column' ? named.expr.name : null);
        if (name === null) throw new KqlError('mv-expand takes a column or name = expression', named.expr.at);
        return { name, expr: named.expr, to };
      }) };
    }
    if (node instanceof S.MakeSeriesOperator) return this.makeSeries(node);
    if (node instanceof S.ParseOperator) return this.parse(node, false);
    if (node instanceof S.ParseWhereOperator) return this.parse(node, true);
    if (node instanceof S.RenderOperator) return this.render(node);
    throw this.unsupported(node);
  }

  private join(node: Kusto.Language.Syntax.JoinOperator, right: ExprNode): Operator {
    let joinKind: JoinKind = 'innerunique';
    for (const parameter of this.list(node.Parameters)) {
      if (!(parameter instanceof this.K.Syntax.NamedParameter) || parameter.Name?.SimpleName !== 'kind') throw this.unsupported(parameter);
      // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
      const value = (parameter.Expression ? textOf(parameter.Expression) : '');
      const kind = JOIN_ALIASES[value] ?? value;
      // Stryker disable next-line StringLiteral: the analyser accepts only the kinds and aliases above (KS005)
      if (!(JOIN_KINDS as readonly string[]).includes(kind)) throw new KqlError(`join kind=${value} is not supported here`, parameter.TextStart);
      joinKind = kind as JoinKind;
    }
    const clause = node.ConditionClause;
    // Stryker disable next-line StringLiteral: the analyser already refuses a join without on (KS006)
    if (!(clause instanceof this.K.Syntax.JoinOnClause)) throw clause ? this.unsupported(clause) : new KqlError('join needs an on clause', node.TextStart);
    const on = this.expressions(clause.Expressions).map((e) => {
      const key = this.scalar(e);
      if (key.kind === 'column') return { left: key.name, right: key.name };
      // Of two sides the analyser lets through only `$left.a == $right.b`, in that order (KS182, KS183),
      // and `$left.a == $right.a and $left.b == $right.b`, which is refused below.
      if (key.kind === 'binary' && key.left.kind === 'join-side' && key.right.kind === 'join-side') return { left: key.left.name, right: key.right.name };
      throw new KqlError('join on takes column names or $left.a == $right.b', key.at);
    });
    return { kind: 'join', joinKind, right: this.tabular(right), on };
  }

  private makeSeries(node: Kusto.Language.Syntax.MakeSeriesOperator): Operator {
    const S = this.K.Syntax;
    this.noParameters(node.Parameters);
    const aggregates = this.list(node.Aggregates).map((element) => {
      const item = this.element(element);
      if (!(item instanceof S.MakeSeriesExpression) || !item.Expression) throw this.unsupported(item);
      const named = this.namedOne(item.Expression);
      const fill = item.DefaultExpression?.Expression ? this.scalar(item.DefaultExpression.Expression) : null;
      return { name: named.name, expr: named.expr, fill };
    });
    const range = node.RangeClause;
    // Stryker disable next-line StringLiteral: the analyser already requires step and on (KS005)
    if (!(range instanceof S.MakeSeriesFromToStepClause)) throw range ? this.unsupported(range) : new KqlError('make-series needs step', node.TextStart);
    const step = range.MakeSeriesStepClause?.Expression;
    // Stryker disable next-line StringLiteral: as above
    if (!step || !node.OnClause?.Expression) throw new KqlError('make-series needs on … step …', node.TextStart);
    const from = range.MakeSeriesFromClause?.Expression;
    const to = range.MakeSeriesToClause?.Expression;
    return {
      kind: 'make-series', aggregates, on: this.scalar(node.OnClause.Expression), step: this.scalar(step),
      from: from ? this.scalar(from) : null, to: to ? this.scalar(to) : null,
      by: node.ByClause ? this.named(node.ByClause.Expressions) : [],
    };
  }

  private render(node: Kusto.Language.Syntax.RenderOperator): Operator {
    const properties: Record<string, Value> = {};
    const parameters = [...this.list(node.Parameters), ...this.list(node.WithClause?.Properties ?? null).map((e) => this.element(e))];
    for (const parameter of parameters) {
      if (!(parameter instanceof this.K.Syntax.NamedParameter) || !parameter.Expression) throw this.unsupported(parameter);
      const value = this.scalar(parameter.Expression);
      // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
      properties[parameter.Name?.SimpleName ?? ''] = value.kind === 'literal' ? value.value : textOf(parameter.Expression);
    }
    // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
    return { kind: 'render', visualization: node.ChartType?.Text ?? 'table', properties };
  }

  private orderKey(node: ExprNode): OrderKey {
    const S = this.K.Syntax;
    const inner = node instanceof S.OrderedExpression && node.Expression ? node.Expression : node;
    const ordering = node instanceof S.OrderedExpression ? node.Ordering : null;
    const descending = ordering?.AscOrDescKeyword?.Text !== 'asc';
    // Kusto puts nulls last when descending and first when ascending, unless told otherwise.
    const nulls = ordering?.NullsClause?.FirstOrLastKeyword?.Text;
    return { expr: this.scalar(inner), descending, nullsFirst: nulls ? nulls === 'first' : !descending };
  }

  private named(list: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.SeparatedElement$1<ExprNode>> | null): Named[] {
    return this.expressions(list).map((e) => this.namedOne(e));
  }

  private namedOne(node: Node): Named {
    const S = this.K.Syntax;
    if (node instanceof S.SimpleNamedExpression && node.Expression) return { name: node.Name?.SimpleName ?? null, expr: this.scalar(node.Expression) };
    if (node instanceof S.Expression && !(node instanceof S.CompoundNamedExpression)) return { name: null, expr: this.scalar(node) };
    throw this.unsupported(node);
  }

  private columnName(node: ExprNode): string {
    // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
    if (node instanceof this.K.Syntax.NameReference && node.ReferencedSymbol instanceof this.K.Symbols.ColumnSymbol) return node.SimpleName ?? '';
    throw new KqlError('only plain column names are supported here (no wildcards)', node.TextStart);
  }

  scalar(node: ExprNode): Expr {
    const S = this.K.Syntax;
    const at = node.TextStart;
    if (node instanceof S.ParenthesizedExpression && node.Expression) return this.scalar(node.Expression);
    if (node instanceof S.StarExpression) return { kind: 'star', type: 'dynamic', at };
    if (node instanceof S.TypeOfLiteralExpression) {
      const symbol = node.ReferencedSymbol;
      // Stryker disable next-line StringLiteral: the analyser lets typeof() name only known types, all of which we hold
      return { kind: 'type-name', type: this.typeName(symbol instanceof this.K.Symbols.TypeSymbol ? symbol : null, 'typeof', at), at };
    }
    const type = this.typeOf(node);
    if (node instanceof S.LiteralExpression) return { kind: 'literal', type, value: this.literal(node, type), at };
    if (node instanceof S.DynamicExpression) return { kind: 'literal', type: 'dynamic', value: this.dynamicLiteral(node), at };
    // userFunctionCall tells only 'tabular' apart, so Stryker's "" for 'scalar' is equivalent.
    // Stryker disable next-line StringLiteral: equivalent, see above
    const called = this.userFunctionCall(node, 'scalar');
    if (called) return called.expr;
    if (node instanceof S.NameReference) {
      const symbol = node.ReferencedSymbol;
      // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
      const name = node.SimpleName ?? '';
      const bound = symbol ? this.scope.get(symbol) : undefined;
      if (bound?.kind === 'scalar') return bound.expr;
      if (symbol instanceof this.K.Symbols.ColumnSymbol) return { kind: 'column', name, type, at };
      // Stryker disable next-line ConditionalExpression: a scalar name is a column or a let; the analyser refuses the rest (KS108, KS117)
      if (symbol instanceof this.K.Symbols.VariableSymbol) return { kind: 'variable', name, type, at };
      throw this.unsupported(node);
    }
    if (node instanceof S.BinaryExpression && node.Left && node.Right) {
      // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
      return { kind: 'binary', op: (node.Operator?.Text ?? '').toLowerCase(), left: this.scalar(node.Left), right: this.scalar(node.Right), type, at };
    }
    if (node instanceof S.PrefixUnaryExpression && node.Expression) {
      const op = node.Operator?.Text;
      if (op !== '-' && op !== '+') throw this.unsupported(node);
      return { kind: 'unary', op, operand: this.scalar(node.Expression), type, at };
    }
    if (node instanceof S.FunctionCallExpression && node.Name) {
      const resultType = node.ResultType;
      const columns = resultType instanceof this.K.Symbols.TupleSymbol ? this.columnList(resultType.Columns, at) : [];
      const args = this.expressions(node.ArgumentList?.Expressions ?? null).map((e) => this.scalar(e));
      // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
      return { kind: 'call', name: node.Name.SimpleName ?? '', args, type, at, columns }; // a tuple's type is already dynamic (typeOf)
    }
    if (node instanceof S.PathExpression && node.Expression && node.Selector) {
      const side = textOf(node.Expression);
      const selector = textOf(node.Selector);
      if (side === '$left' || side === '$right') return { kind: 'join-side', name: selector, type, at };
      const key = node.Selector instanceof S.BracketedExpression && node.Selector.Expression ? this.scalar(node.Selector.Expression) : { kind: 'literal' as const, type: 'string' as const, value: selector, at: node.Selector.TextStart };
      return { kind: 'member', target: this.scalar(node.Expression), key, type, at };
    }
    if (node instanceof S.ElementExpression && node.Expression && node.Selector instanceof S.BracketedExpression && node.Selector.Expression) {
      return { kind: 'member', target: this.scalar(node.Expression), key: this.scalar(node.Selector.Expression), type, at };
    }
    if (node instanceof S.InExpression && node.Left && node.Right) {
      const list = this.expressions(node.Right.Expressions);
      // Stryker disable next-line MethodExpression: a subquery must be the list's only item (KS108), so some and every agree
      if (list.some((e) => this.isTabular(e))) throw new KqlError('in with a subquery is not supported here: list the values', at);
      // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
      return { kind: 'in', op: (node.Operator?.Text ?? '').toLowerCase(), left: this.scalar(node.Left), list: list.map((e) => this.scalar(e)), type, at };
    }
    if (node instanceof S.BetweenExpression && node.Left && node.Right?.First && node.Right.Second) {
      return { kind: 'between', negated: node.Operator?.Text === '!between', left: this.scalar(node.Left), low: this.scalar(node.Right.First), high: this.scalar(node.Right.Second), type, at };
    }
    throw this.unsupported(node);
  }

  private typeOf(node: ExprNode): KType {
    const type = node.ResultType;
    if (type instanceof this.K.Symbols.TupleSymbol) return 'dynamic';
    return this.typeName(type, textOf(node), node.TextStart);
  }

  private literal(node: Kusto.Language.Syntax.LiteralExpression, type: KType): Value {
    // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
    const text = node.Token?.Text ?? '';
    const raw: unknown = node.LiteralValue;
    // Bridge.NET gives null for every typed null (long(null), datetime(null)…); a string literal is never null.
    if (raw === null) return null;
    switch (type) {
      case 'string': return String(raw);
      case 'bool': return String(raw).toLowerCase() === 'true';
      case 'real': return specialReal(text) ?? Number(String(raw));
      case 'int': case 'long': case 'decimal': return Number(String(raw));
      case 'timespan': return parseTimespanLiteral(text, node.TextStart);
      case 'datetime': return parseDatetimeLiteral(text, node.TextStart);
      default: throw new KqlError(`literals of type ${type} are not supported here`, node.TextStart);
    }
  }

  private dynamicLiteral(node: Kusto.Language.Syntax.DynamicExpression): Value {
    // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
    const inner = node.Expression ? textOf(node.Expression) : 'null';
    try {
      return JSON.parse(inner) as Value;
    } catch {
      throw new KqlError(`dynamic(${inner}) is not JSON this engine can read`, node.TextStart);
    }
  }

  /** `let f = (a: string, b: long = 5) { … }`: kept until called, then inlined (userFunctionCall). */
  private declareFunction(name: Kusto.Language.Syntax.NameDeclaration, declaration: Kusto.Language.Syntax.FunctionDeclaration): void {
    for (const parameter of this.parameters(declaration)) {
      // Stryker disable next-line OptionalChaining: a fallback for a .NET null the analysed tree never holds here
      const symbol = parameter.NameAndType?.Name?.ReferencedSymbol;
      if (symbol instanceof this.K.Symbols.ParameterSymbol && symbol.Type instanceof this.K.Symbols.TableSymbol) {
        throw new KqlError(`functions that take a table (${textOf(parameter)}) are not supported here: refer to the table or a let inside the function instead`, parameter.TextStart, 'NotSupported');
      }
    }
    // Stryker disable next-line ConditionalExpression: a let always declares its symbol in an analysed tree
    if (name.ReferencedSymbol) this.functions.set(name.ReferencedSymbol, { declaration, scope: new Map(this.scope) });
  }

  private parameters(declaration: Kusto.Language.Syntax.FunctionDeclaration): Kusto.Language.Syntax.FunctionParameter[] {
    // Stryker disable next-line OptionalChaining: a fallback for a .NET null the analysed tree never holds here
    return this.list(declaration.Parameters?.Parameters ?? null).map((element) => {
      const parameter = this.element(element);
      // Stryker disable next-line ConditionalExpression: a function's parameter list holds only parameters
      if (parameter instanceof this.K.Syntax.FunctionParameter) return parameter;
      throw this.unsupported(parameter);
    });
  }

  /**
   * A call of a let function (`f(…)`, or `f` alone for one without parameters), inlined: its body
   * converted with each parameter bound to its argument, or to its default. Null for anything else.
   * Inlining is what Kusto's own analyser does to type a call (its "expansion"), and it leaves the
   * engine nothing new to run.
   */
  private userFunctionCall<K extends Binding['kind']>(node: ExprNode, kind: K): (Binding & { kind: K }) | null {
    const S = this.K.Syntax;
    // A shortcut: only these two name a function, so no other node finds one below (Stryker's `false` is equivalent).
    // Stryker disable next-line ConditionalExpression: equivalent, see above
    if (!(node instanceof S.FunctionCallExpression) && !(node instanceof S.NameReference)) return null;
    const symbol = node.ReferencedSymbol;
    const called = symbol ? this.functions.get(symbol) : undefined;
    if (!called) return null;
    // `f` without parentheses names a function without parameters, so its arguments are never read.
    // Stryker disable next-line OptionalChaining,ArrayDeclaration: a fallback for a .NET null the analysed tree never holds here; equivalent, see above
    const args = node instanceof S.FunctionCallExpression ? this.expressions(node.ArgumentList?.Expressions ?? null) : [];
    const scope = new Map(called.scope);
    this.parameters(called.declaration).forEach((parameter, k) => {
      // Stryker disable next-line OptionalChaining: a fallback for a .NET null the analysed tree never holds here
      const declared = parameter.NameAndType?.Name?.ReferencedSymbol;
      // Stryker disable next-line ConditionalExpression: the analyser declares every parameter's symbol
      if (!(declared instanceof this.K.Symbols.ParameterSymbol)) return;
      const positional = args[k];
      // `f(b = 2, a = 1)`: an argument may name its parameter, as in Kusto.
      // Stryker disable next-line OptionalChaining: a fallback for a .NET null the analysed tree never holds here
      const named = args.find((a) => a instanceof S.SimpleNamedExpression && a.Name?.SimpleName === declared.Name);
      const arg = named instanceof S.SimpleNamedExpression ? named.Expression : positional instanceof S.SimpleNamedExpression ? undefined : positional;
      // Stryker disable next-line OptionalChaining: a fallback for a .NET null the analysed tree never holds here
      const given = arg ?? parameter.DefaultValue?.Value;
      // Stryker disable next-line ConditionalExpression,StringLiteral,LogicalOperator: the analyser already refuses a call without a required argument (KS119)
      if (!given) throw new KqlError(`${textOf(node)} needs a value for ${declared.Name ?? 'a parameter'}`, node.TextStart);
      scope.set(declared, { kind: 'scalar', expr: this.asParameter(this.scalar(given), declared.Type) });
    });
    const body = called.declaration.Body;
    // Stryker disable next-line ConditionalExpression,StringLiteral,OptionalChaining: the analyser refuses a function without a body
    if (!body?.Expression) throw new KqlError('this function has no body', called.declaration.TextStart);
    const caller = this.scope;
    this.scope = scope;
    try {
      this.bodyLets(body);
      // The caller reads the binding's tabular or expr, never its kind, so Stryker's "" for 'scalar' is equivalent.
      // Stryker disable next-line StringLiteral: equivalent, see above
      const binding: Binding = kind === 'tabular' ? { kind: 'tabular', tabular: this.tabular(body.Expression) } : { kind: 'scalar', expr: this.scalar(body.Expression) };
      return binding as Binding & { kind: K };
    } finally {
      this.scope = caller;
    }
  }

  /** An argument given where its parameter's type differs is converted, as Kusto converts it on the call. */
  private asParameter(expr: Expr, type: Kusto.Language.Symbols.TypeSymbol | null): Expr {
    // Stryker disable next-line StringLiteral: every scalar parameter type is one we hold; a table parameter is refused where it is declared
    const wanted = this.typeName(type, 'parameter', expr.at);
    const conversion = PARAMETER_CONVERSIONS[wanted];
    // Converting a value to its own type gives it back, so the type test is a shortcut (Stryker's changes to it are equivalent).
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, see above
    if (expr.type === wanted || !conversion) return expr;
    // Stryker disable next-line ArrayDeclaration: a conversion returns one value, so its columns are never read
    return { kind: 'call', name: conversion, args: [expr], type: wanted, at: expr.at, columns: [] };
  }

  /** The lets at the start of a function body, bound in the body's scope. */
  private bodyLets(body: Kusto.Language.Syntax.FunctionBody): void {
    const S = this.K.Syntax;
    for (const element of this.list(body.Statements)) {
      const statement = this.element(element);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: a function body's statements are lets, each named (the analyser's grammar)
      if (!(statement instanceof S.LetStatement) || !statement.Name || !statement.Expression) throw this.unsupported(statement);
      const symbol = statement.Name.ReferencedSymbol;
      if (statement.Expression instanceof S.FunctionDeclaration) this.declareFunction(statement.Name, statement.Expression);
      else if (symbol && this.isTabular(statement.Expression)) this.scope.set(symbol, { kind: 'tabular', tabular: this.tabular(statement.Expression) });
      // Stryker disable next-line ConditionalExpression: a let always declares its symbol in an analysed tree
      else if (symbol) this.scope.set(symbol, { kind: 'scalar', expr: this.scalar(statement.Expression) });
    }
  }

  /** parse / parse-where: `kind=`, `flags=`, the text, and the pattern's parts in order (operators/parse.ts). */
  private parse(node: Kusto.Language.Syntax.ParseOperator | Kusto.Language.Syntax.ParseWhereOperator, dropUnmatched: boolean): Operator {
    // parse.ts treats every mode but regex and relaxed as simple, so Stryker's "" here is equivalent.
    // Stryker disable next-line StringLiteral: equivalent, see above
    let mode: ParseMode = 'simple';
    let flags = '';
    for (const parameter of this.list(node.Parameters)) {
      // The analyser accepts only kind= (simple, regex or relaxed) and flags= here (KS), and flags= never takes a
      // mode's name, so Stryker's changes to these tests are equivalent or unreachable.
      // Stryker disable next-line ConditionalExpression: see above
      if (!(parameter instanceof this.K.Syntax.NamedParameter)) throw this.unsupported(parameter);
      // Stryker disable next-line OptionalChaining: a fallback for a .NET null the analysed tree never holds here
      const name = parameter.Name?.SimpleName;
      // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
      const value = parameter.Expression ? textOf(parameter.Expression) : '';
      // Stryker disable next-line ConditionalExpression: only kind= and flags= get here (the comment before the loop's first test)
      if (name === 'kind' && (value === 'simple' || value === 'regex' || value === 'relaxed')) mode = value;
      else if (name === 'flags') flags = value;
      else throw this.unsupported(parameter);
    }
    // Stryker disable next-line StringLiteral,ConditionalExpression: the analyser already requires the text to parse
    if (!node.Expression) throw new KqlError('parse needs the text to read', node.TextStart);
    const pattern = this.list(node.Patterns).map((part) => this.parsePart(this.element(part)));
    return { kind: 'parse', dropUnmatched, mode, flags, text: this.scalar(node.Expression), pattern };
  }

  private parsePart(node: Node): ParsePart {
    const S = this.K.Syntax;
    if (node instanceof S.StarExpression) return { kind: 'skip' };
    // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
    if (node instanceof S.LiteralExpression) return { kind: 'text', text: String(node.LiteralValue ?? '') };
    const declaration = node instanceof S.NameAndTypeDeclaration ? node.Name : node;
    // Stryker disable next-line ConditionalExpression: a pattern holds only `*`, string constants and column declarations (the grammar)
    if (declaration instanceof S.NameDeclaration) {
      const symbol = declaration.ReferencedSymbol;
      // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
      const name = declaration.SimpleName ?? '';
      return { kind: 'column', name, type: this.typeName(symbol instanceof this.K.Symbols.ColumnSymbol ? symbol.Type : null, name, node.TextStart) };
    }
    throw this.unsupported(node);
  }

  private noParameters(list: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.NamedParameter> | null): void {
    const first = this.list(list)[0];
    if (first) throw this.unsupported(first);
  }

  private expressions(list: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.SeparatedElement$1<ExprNode>> | null): ExprNode[] {
    return this.list(list).map((element) => {
      const node = this.element(element);
      if (node instanceof this.K.Syntax.Expression) return node;
      throw this.unsupported(node);
    });
  }

  /** Unwraps a list element; Bridge.NET's generic SeparatedElement$1 has no class to test with instanceof. */
  private element(element: Kusto.Language.Syntax.SyntaxElement): Node {
    const inner: unknown = 'Element' in element ? element.Element : element;
    if (inner instanceof this.K.Syntax.SyntaxNode) return inner;
    // Stryker disable next-line StringLiteral: a fallback for a .NET null the analysed tree never holds here
    throw new KqlError('unexpected empty element', element.TextStart);
  }

  private list<T>(list: { Count: number; getItem(index: number): T } | null): T[] {
    const items: T[] = [];
    for (let i = 0; i < (list?.Count ?? 0); i++) {
      const item = list?.getItem(i);
      // Stryker disable next-line ConditionalExpression: unreachable, a .NET list holds no holes
      if (item !== undefined && item !== null) items.push(item);
    }
    return items;
  }

  private unsupported(node: Kusto.Language.Syntax.SyntaxElement): KqlError {
    // Stryker disable next-line StringLiteral: every syntax class has a name
    const qualified = (node.constructor as { $$name?: string }).$$name ?? 'syntax';
    // Stryker disable next-line Regex: the namespace only ever comes first
    const kind = qualified.replace(/^Kusto\.Language\.Syntax\./, '');
    const lines = textOf(node).split('\n');
    // Stryker disable next-line StringLiteral: a fallback for a split that always gives a first line
    const line = lines[0] ?? '';
    const text = line.length > 60 ? `${line.slice(0, 60)}…` : line;
    return new KqlError(`${kind} is not supported here: ${text}`, node.TextStart, 'NotSupported');
  }
}
