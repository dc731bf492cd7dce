// The one place the finance package decides to misbehave. A fault is drawn from the seeded random
// source only, so the same RANDOM_SEED gives the same failures in the same order, every run.
import type { Faults } from '../scenarios/catalog';
import type { Random } from '../scenarios/random';

export type FaultDecision = 'ok' | 'fail-500' | 'fail-503' | 'hang';

export function decideFault(faults: Faults | null, random: Random): FaultDecision {
  if (!faults) return 'ok';
  const draw = random();
  if (draw < faults.hangShare) return 'hang';
  if (draw < faults.hangShare + faults.failShare) {
    // Split the failures between the two 5xx a real supplier gives: a crash and an overload.
    return draw < faults.hangShare + faults.failShare / 2 ? 'fail-500' : 'fail-503';
  }
  return 'ok';
}
