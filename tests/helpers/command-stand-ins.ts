// Stand-ins for the commands a pipeline calls that cannot run here (no Docker engine, no Alpine
// package manager) or that a test must not run again (npm test inside npm test). Each is a small
// shell script, first on PATH, that writes its name and arguments to a log, one call a line, and
// what it was given on stdin when it was told to read a password there.
import fs from 'node:fs';
import path from 'node:path';

export interface StandIns {
  /** Put this folder first on PATH. */
  bin: string;
  /** The calls so far: [command, ...arguments], plus `stdin=…` when the command read a password from stdin. */
  calls(): string[][];
}

const script = `#!/bin/sh
log="${'$'}{STAND_IN_LOG:?}"
printf '%s' "$(basename "$0")" >> "$log"
for arg in "$@"; do printf '\\t%s' "$arg" >> "$log"; done
case " $* " in *" --password-stdin "*) printf '\\tstdin=%s' "$(cat)" >> "$log" ;; esac
printf '\\n' >> "$log"
`;

export function makeStandIns(folder: string, commands: string[]): StandIns & { env: Record<string, string> } {
  const bin = path.join(folder, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const log = path.join(folder, 'calls.log');
  fs.writeFileSync(log, '');
  for (const command of commands) fs.writeFileSync(path.join(bin, command), script, { mode: 0o755 });
  return {
    bin,
    env: { STAND_IN_LOG: log },
    calls: () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => line.split('\t')),
  };
}
