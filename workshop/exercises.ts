// The exercises that change code, in the order WORKSHOP.md takes them. Each id is used by the
// markers in the source (see workshop/README.md) and by `npm run workshop:starter -- --through ID`.
// The parts without an id (1, 3 and 9) are about finding things and deploying, not about code.
export const EXERCISES = [
  { id: 'logging', part: 2, title: 'Log the payload and the finance response' },
  { id: 'timezone', part: 4, title: 'Send the date in London time' },
  { id: 'app-insights', part: 5, title: 'Switch on Application Insights' },
  { id: 'exceptions', part: 6, title: 'Log an exception for each failed payment' },
  { id: 'failed-orders', part: 7, title: 'Mark orders that fail as Failed' },
  { id: 'retries', part: 8, title: 'Retry transient failures, fail permanent ones' },
  { id: 'queue-query', part: 10, title: 'Pick the next order with one indexed query' },
] as const;

export type ExerciseId = (typeof EXERCISES)[number]['id'];

export const EXERCISE_IDS: readonly string[] = EXERCISES.map((exercise) => exercise.id);

export function isExerciseId(value: string): value is ExerciseId {
  return EXERCISE_IDS.includes(value);
}

/** The exercises done in a copy that starts after `through` (none when it is undefined). */
export function solvedThrough(through: ExerciseId | undefined): Set<ExerciseId> {
  if (through === undefined) return new Set();
  const last = EXERCISES.findIndex((exercise) => exercise.id === through);
  return new Set(EXERCISES.slice(0, last + 1).map((exercise) => exercise.id));
}
