// The version every log line and telemetry item carries, so an error can be tied to a deploy:
// the package version, plus the commit the build came from when the build knows it.
import packageJson from '../package.json';

export function applicationVersion(buildCommit: string | undefined): string {
  return buildCommit ? `${packageJson.version}+${buildCommit.slice(0, 12)}` : packageJson.version;
}
