// What the dashboard's badge says about the scenario the finance package is running: read from its
// GET /scenario, in words a learner can act on. Pure, so every state is tested without a server.
import { isScenarioName, scenarios } from '../../scenarios/catalog';

/** The part of the finance package's GET /scenario the badge needs. */
export interface ScenarioStatus {
  scenario: string;
  timeScale: number;
  load: { phase: 'steady' | 'peak' | 'after-peak'; phaseEndsInSeconds: number | null };
}

export interface ScenarioBadge {
  /** What the badge says, e.g. "Monitoring Load: peak, 12:05 left". */
  text: string;
  /** Bootstrap's colour: a misbehaving scenario is a warning, no answer is danger. */
  tone: 'secondary' | 'warning' | 'danger';
  /** Shown on hover and read by screen readers after the text. */
  detail: string;
}

const minutesAndSeconds = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

export function describeScenario(status: ScenarioStatus | undefined): ScenarioBadge {
  if (status === undefined || !isScenarioName(status.scenario)) {
    return { text: 'Finance package not answering', tone: 'danger', detail: 'The scenario cannot be read: check the finance package is running (FINANCE_PACKAGE_URL).' };
  }
  const scenario = scenarios[status.scenario];
  const scale = status.timeScale === 1 ? '' : ` Timelines run ${status.timeScale} times faster (TIME_SCALE).`;
  if (status.scenario === 'Reset' || status.scenario === 'BrokenOrder') {
    return { text: 'Normal running', tone: 'secondary', detail: `An order every 30 s, none failing on purpose.${scale}` };
  }
  const { phase, phaseEndsInSeconds } = status.load;
  const when = phase === 'peak' && phaseEndsInSeconds !== null ? `: peak, ${minutesAndSeconds(phaseEndsInSeconds)} left`
    : phase === 'after-peak' ? ': after the peak' : '';
  return { text: `${scenario.label}${when}`, tone: 'warning', detail: `${scenario.summary}${scale}` };
}
