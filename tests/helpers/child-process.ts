// Runs a process of ours (app or finance package) as a real child process, as App Service would:
// for what in-process tests cannot show (true concurrency between instances, signals, exit codes).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitFor } from './wait-for';
import { httpClient } from './system';

const root = path.resolve(__dirname, '../..');

type Entry = 'app/main.ts' | 'finance-stub/main.ts' | 'local-insights/main.ts';

export interface Child {
  url: string;
  output(): string;
  process: ChildProcess;
  /** Sends SIGTERM; resolves with the exit code and how long the exit took. */
  terminate(): Promise<{ code: number | null; seconds: number }>;
  exited: Promise<number | null>;
}

/** `from` is the repository to run it from: this one, or a learner's copy written by the workshop generator. */
export function spawnEntry(entry: Entry, env: Record<string, string>, from = root): Omit<Child, 'url'> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--enable-source-maps', path.join(from, entry)], {
    cwd: from,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => output,
    exited,
    async terminate() {
      const started = Date.now();
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      return { code, seconds: (Date.now() - started) / 1000 };
    },
  };
}

/** Starts an entry on `port` and waits until its /healthz answers 200. */
export async function spawnServer(
  entry: Entry,
  port: number,
  env: Record<string, string>,
  from = root,
): Promise<Child> {
  const child = spawnEntry(entry, { ...env, PORT: String(port) }, from);
  const url = `http://127.0.0.1:${port}`;
  const http = httpClient(url);
  try {
    // A start takes 1-2 s on a quiet machine; 12-20 s were measured at a load average of 20 (tsx
    // compiling on two busy cores). The deadline only says when to give up on a process that hangs.
    await waitFor(async () => (await http.get('/healthz')).status === 200, {
      deadlineMs: 60_000,
      what: () => `${entry} to answer /healthz on ${port}; its output so far:\n${child.output()}`,
    });
  } catch (error) {
    await child.terminate(); // a process that never became healthy must not outlive the test
    throw error;
  }
  return { ...child, url };
}
