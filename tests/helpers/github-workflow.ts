// A GitHub Actions workflow read the way GitHub reads it: parsed and validated by GitHub's own parser
// (@actions/workflow-parser, from the actions/languageservices repository, with the same workflow
// schema), and each `run:` step turned into the script the runner hands to bash, with every
// `${{ … }}` evaluated by GitHub's expression engine (@actions/expressions) and pasted in as text,
// before bash sees the script: which is exactly why a secret holding a `$` breaks in double quotes.
import fs from 'node:fs';

export interface GitHubContexts {
  secrets: Record<string, string>;
  github: Record<string, string>;
  matrix?: Record<string, string | number>;
}

export interface RunStep { job: string; name: string; script: string; env: Record<string, string> }

export interface ParsedWorkflow {
  /** What GitHub would refuse the workflow for: file, line, column and message. */
  errors: string[];
  /** The `run:` steps of a job, as the runner would run them with these contexts. */
  runSteps(job: string, contexts: GitHubContexts): Promise<RunStep[]>;
}

// The packages are ECMAScript modules only; the tests compile to CommonJS, so they are imported.
const parserPackage = () => import('@actions/workflow-parser');
const expressionsPackage = () => import('@actions/expressions');
type Token = Parameters<Awaited<ReturnType<typeof parserPackage>>['isString']>[0];

export async function parseGitHubWorkflow(file: string): Promise<ParsedWorkflow> {
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter, isString, isBasicExpression, isMapping } = await parserPackage();
  const { Lexer, Parser, Evaluator, data } = await expressionsPackage();
  const parsed = parseWorkflow({ name: file, content: fs.readFileSync(file, 'utf8') }, new NoOperationTraceWriter());
  const template = parsed.value ? await convertWorkflowTemplate(parsed.context, parsed.value) : undefined;
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (!template) errors.push(`${file}: not a workflow at all`);

  const dictionary = (values: Record<string, string | number>) =>
    new data.Dictionary(...Object.entries(values).map(([key, value]) => ({
      key, value: typeof value === 'number' ? new data.NumberData(value) : new data.StringData(value),
    })));

  function evaluate(token: Token, contexts: GitHubContexts): string {
    if (isString(token)) return token.value;
    if (!isBasicExpression(token)) throw new Error(`${file}: cannot evaluate a ${token.templateTokenType} here`);
    const names = ['secrets', 'github', 'matrix'];
    const expression = new Parser(new Lexer(token.expression).lex().tokens, names, []).parse();
    const context = new data.Dictionary(
      { key: 'secrets', value: dictionary(contexts.secrets) },
      { key: 'github', value: dictionary(contexts.github) },
      { key: 'matrix', value: dictionary(contexts.matrix ?? {}) },
    );
    return new Evaluator(expression, context).evaluate().coerceString(); // an unset secret is ''
  }

  function envOf(token: Token | undefined, contexts: GitHubContexts): Record<string, string> {
    if (!token || !isMapping(token)) return {};
    const env: Record<string, string> = {};
    for (const { key, value } of token) env[String(key)] = evaluate(value, contexts);
    return env;
  }

  return {
    errors,
    async runSteps(jobId, contexts) {
      const job = template?.jobs.find((j) => j.id.value === jobId);
      if (!job || job.type !== 'job') throw new Error(`${file}: no job "${jobId}"`);
      const jobEnv = { ...envOf(template?.env, contexts), ...envOf(job.env, contexts) };
      return job.steps.flatMap((step) => ('run' in step ? [{
        job: jobId,
        name: step.name ? evaluate(step.name, contexts) : step.id,
        script: evaluate(step.run, contexts),
        env: { ...jobEnv, ...envOf(step.env, contexts) },
      }] : []));
    },
  };
}
