// The version every log line and telemetry item carries, so an error can be tied to a deploy:
// the package version, plus the commit the build came from when the build knows it.
import { execFileSync } from 'node:child_process';
import packageJson from '../package.json';

export function applicationVersion(buildCommit: string | undefined): string {
  return buildCommit ? `${packageJson.version}+${buildCommit.slice(0, 12)}` : packageJson.version;
}

/**
 * The commit for `npm start` on a laptop: BUILD_COMMIT when set (as the image sets it), else the
 * checkout's own HEAD, so that each commit a learner makes shows as a new version, as a deploy
 * would. Outside a checkout, before its first commit, or without git, there is none, and the
 * version is the package's alone. `git` is the command to run (tests name one that is missing).
 */
export function localBuildCommit(env: { BUILD_COMMIT?: string }, folder: string, git = 'git'): string | undefined {
  if (env.BUILD_COMMIT) return env.BUILD_COMMIT;
  try {
    return execFileSync(git, ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined; // not a checkout, no commit yet, or no git: the package version stands alone
  }
}
