// Turns a source file into the learner's version of it, or into the solution, by its markers.
// The syntax is described in workshop/README.md; in short, a block of solution code is fenced by
// comment lines naming an exercise, and the starter's code (the bug) may follow, commented out:
//
//   <comment> workshop(ID): solution     the solution's lines follow
//   <comment> workshop(ID): starter      optional: the starter's lines follow, each commented out
//   <comment> workshop(ID): end
//
// When ID is solved the solution lines stay; otherwise the starter lines stay, uncommented. Marker
// lines never stay. Any mistake (unknown id, a block left open, a starter line that is not a
// comment) is an error naming the file and line, so a broken marker cannot produce a wrong copy.
import { isExerciseId, type ExerciseId } from './exercises';

export class MarkerError extends Error {
  override name = 'MarkerError';
}

// `workshop(` and `):` are split so this file's own text never looks like a marker.
const MARKER = new RegExp('^(\\s*)(\\S*)\\s*workshop' + '\\(([^)]*)\\):\\s*(\\S+)\\s*(.*)$');
const COMMENT_OPENERS = ['//', '#', '/*', '<!--'];
const MENTION = new RegExp('workshop' + '\\([a-z-]*\\):');

interface Marker {
  id: ExerciseId;
  keyword: 'solution' | 'starter' | 'end';
  /** The comment opener used on the marker line: `//`, `#`, `/*`, `<!--`. */
  opener: string;
  /** The comment closer after the keyword, if the language needs one: `*\/`, `-->`. */
  closer: string;
}

function parseMarker(line: string, where: string): Marker | undefined {
  if (!MENTION.test(line)) return undefined;
  const match = MARKER.exec(line);
  const [, , opener = '', id = '', keyword = '', closer = ''] = match ?? [];
  if (!match || !COMMENT_OPENERS.includes(opener)) {
    throw new MarkerError(`${where}: a marker must be a comment line of its own (${COMMENT_OPENERS.join(' ')}): ${line.trim()}`);
  }
  if (!isExerciseId(id)) throw new MarkerError(`${where}: unknown exercise "${id}" (see workshop/exercises.ts)`);
  if (keyword !== 'solution' && keyword !== 'starter' && keyword !== 'end') {
    throw new MarkerError(`${where}: expected solution, starter or end after workshop(${id}):, found "${keyword}"`);
  }
  return { id, keyword, opener, closer: closer.trim() };
}

/** A starter line without its comment: `    // foo()` becomes `    foo()`. */
function uncomment(line: string, marker: Marker, where: string): string {
  if (line.trim() === '') return '';
  const at = line.indexOf(marker.opener);
  if (at === -1 || line.slice(0, at).trim() !== '') {
    throw new MarkerError(`${where}: a starter line must be commented out with "${marker.opener}": ${line.trim()}`);
  }
  let rest = line.slice(at + marker.opener.length);
  if (rest.startsWith(' ')) rest = rest.slice(1);
  if (marker.closer !== '') {
    const trimmed = rest.trimEnd();
    if (!trimmed.endsWith(marker.closer)) throw new MarkerError(`${where}: a starter line must end with "${marker.closer}"`);
    rest = trimmed.slice(0, -marker.closer.length).trimEnd();
  }
  return (line.slice(0, at) + rest).trimEnd();
}

export interface MarkedFile {
  /** The exercises this file has markers for. */
  exercises: Set<ExerciseId>;
  /** The file's text with the given exercises solved. */
  render(solved: ReadonlySet<string>): string;
  /** The starter's lines, uncommented, by exercise: what a solved copy must not contain. */
  starterLines: Map<ExerciseId, string[]>;
}

type Piece = { kind: 'always'; line: string } | { kind: 'solution' | 'starter'; id: ExerciseId; line: string };

/** Parses once; throws MarkerError with `file:line` for any malformed marker. */
export function parseMarkedFile(text: string, file: string): MarkedFile {
  const pieces: Piece[] = [];
  const exercises = new Set<ExerciseId>();
  let open: { marker: Marker; section: 'solution' | 'starter'; line: number } | undefined;

  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    const marker = parseMarker(line, where);
    if (marker) {
      exercises.add(marker.id);
      if (marker.keyword === 'solution') {
        if (open) throw new MarkerError(`${where}: workshop(${open.marker.id}) opened at line ${open.line} is still open; blocks do not nest`);
        open = { marker, section: 'solution', line: index + 1 };
        return;
      }
      if (!open || open.marker.id !== marker.id) {
        throw new MarkerError(`${where}: workshop(${marker.id}): ${marker.keyword} without a matching workshop(${marker.id}): solution`);
      }
      if (marker.keyword === 'starter') {
        if (open.section === 'starter') throw new MarkerError(`${where}: a second starter section for workshop(${marker.id})`);
        open = { marker, section: 'starter', line: open.line };
        return;
      }
      open = undefined;
      return;
    }
    if (!open) pieces.push({ kind: 'always', line });
    else if (open.section === 'solution') pieces.push({ kind: 'solution', id: open.marker.id, line });
    else pieces.push({ kind: 'starter', id: open.marker.id, line: uncomment(line, open.marker, where) });
  });
  if (open) throw new MarkerError(`${file}:${open.line}: workshop(${open.marker.id}) is never closed with workshop(${open.marker.id}): end`);

  const starterLines = new Map<ExerciseId, string[]>();
  for (const piece of pieces) {
    if (piece.kind === 'starter') starterLines.set(piece.id, [...(starterLines.get(piece.id) ?? []), piece.line]);
  }
  return {
    exercises,
    starterLines,
    render(solved) {
      return pieces
        .filter((piece) => piece.kind === 'always' || (piece.kind === 'solution') === solved.has(piece.id))
        .map((piece) => piece.line)
        .join('\n');
    },
  };
}
