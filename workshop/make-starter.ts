// npm run workshop:starter -- --out DIR [--through EXERCISE]
// Writes a learner's repository at the start of the workshop, or after the given exercise.
import path from 'node:path';
import { EXERCISE_IDS, isExerciseId, type ExerciseId } from './exercises';
import { writeLearnerRepository } from './learner-repository';
import { MarkerError } from './markers';

const USAGE = `usage: npm run workshop:starter -- --out DIR [--through EXERCISE]
  EXERCISE is one of: ${EXERCISE_IDS.join(', ')}`;

function parseArguments(args: string[]): { out: string; through?: ExerciseId } {
  let out: string | undefined;
  let through: ExerciseId | undefined;
  for (let i = 0; i < args.length; i++) {
    const [name, value] = [args[i], args[i + 1]];
    if (name === '--help' || name === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (name !== '--out' && name !== '--through') throw new Error(`unknown argument "${name}"`);
    if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
    i++;
    if (name === '--out') out = value;
    else if (isExerciseId(value)) through = value;
    else throw new Error(`--through: no exercise "${value}"`);
  }
  if (out === undefined) throw new Error('--out is required');
  return { out: path.resolve(out), through };
}

function main(): void {
  let options: { out: string; through?: ExerciseId };
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error(`workshop:starter: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  try {
    const root = path.resolve(__dirname, '..');
    const written = writeLearnerRepository({ root, ...options });
    console.log(`wrote ${written.length} files to ${options.out} (${options.through ? `solved through ${options.through}` : 'the starting state'})`);
    console.log(`next: cd ${options.out} && git init && npm install && npm start`);
  } catch (error) {
    // MarkerError names the file and line of a malformed marker; other errors say what to do.
    const message = error instanceof MarkerError || error instanceof Error ? error.message : String(error);
    console.error(`workshop:starter: ${message}`);
    process.exit(1);
  }
}

main();
