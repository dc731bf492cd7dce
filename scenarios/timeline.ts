// Where a scenario's load stands at a moment: pure, so every instructor's copy (and every test)
// sees the same timeline for the same TIME_SCALE.
import { BASELINE_INTERVAL_SECONDS, type LoadProfile } from './catalog';

export interface LoadPosition {
  phase: 'steady' | 'peak' | 'after-peak';
  /** Real milliseconds until the next order. */
  intervalMs: number;
  /** Real milliseconds until the phase changes, when it will. */
  phaseEndsInMs: number | null;
}

/**
 * @param elapsedMs real time since the scenario started
 * @param timeScale how many times faster than real time the scenario runs (TIME_SCALE)
 */
export function loadAt(load: LoadProfile, elapsedMs: number, timeScale: number): LoadPosition {
  const real = (scenarioSeconds: number) => (scenarioSeconds * 1000) / timeScale;
  switch (load.kind) {
    case 'steady':
      return { phase: 'steady', intervalMs: real(load.intervalSeconds), phaseEndsInMs: null };
    case 'peak': {
      const peakEndsMs = real(load.peakSeconds);
      if (elapsedMs < peakEndsMs) {
        return { phase: 'peak', intervalMs: real(load.peakIntervalSeconds), phaseEndsInMs: peakEndsMs - elapsedMs };
      }
      return { phase: 'after-peak', intervalMs: real(BASELINE_INTERVAL_SECONDS), phaseEndsInMs: null };
    }
  }
}
