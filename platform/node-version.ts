// The oldest Node.js the kit runs on: 22.16 is the first whose built-in SQLite (node:sqlite) has
// everything the stores use without a flag. On an older Node the processes would stop with a bare
// "No such built-in module"; this says what to do instead.
export const MINIMUM_NODE = '22.16.0';

/** Whether `version` (e.g. process.versions.node) is at least MINIMUM_NODE. */
export function isSupportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor = 0, needMinor = 0] = MINIMUM_NODE.split('.').map(Number);
  return major > needMajor || (major === needMajor && minor >= needMinor);
}

export function unsupportedNodeMessage(version: string): string {
  return `Node.js ${version} is too old for this kit: it needs ${MINIMUM_NODE} or later (26, the active LTS, recommended). ` +
    'Install Node 26, or run `source scripts/use-node.sh` in this shell first: it puts Node 26 from the npm registry in .node/, and leaves your own Node alone.';
}
