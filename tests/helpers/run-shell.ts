// Runs a pipeline's script under a real shell, asynchronously: the loopback receivers it calls live
// in the test's own process, so the test must keep answering while the script runs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface ShellRun { code: number | null; output: string }

/**
 * `shell` is the command line that runs a script file: GitHub's runner uses
 * `bash --noprofile --norc -eo pipefail <file>`; GitLab's, `sh -e` where the image has no bash.
 */
export async function runScript(shell: string[], script: string, options: { cwd: string; env: Record<string, string>; folder: string }): Promise<ShellRun> {
  const file = path.join(options.folder, `step-${fs.readdirSync(options.folder).length}.sh`);
  fs.writeFileSync(file, script);
  const [command = 'bash', ...args] = shell;
  const child = spawn(command, [...args, file], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, output };
}
