#!/bin/sh
# Release tracking: records a deployment in local-insights with one HTTP call,
#   POST $DEPLOYMENTS_URL  {"version", "commit", "environment"}
# where DEPLOYMENTS_URL is local-insights' /api/deployments wherever the pipeline can reach it
# (e.g. http://insights.internal:3002/api/deployments). Unset, nothing is recorded and it says so.
# The version is the one the processes report as application_Version (platform/application-version.ts):
# the package version, "+", and the commit's first 12 characters, so problems meet their deploy.
#
#   sh scripts/record-deployment.sh <commit> [environment]
set -eu
if [ -z "${DEPLOYMENTS_URL:-}" ]; then
  echo "DEPLOYMENTS_URL is not set: no deployment recorded"
  exit 0
fi
commit="${1:?usage: record-deployment.sh <commit> [environment]}"
environment="${2:-production}"
package_version=$(sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' package.json)
short=$(printf '%s' "$commit" | cut -c1-12)
curl --fail --silent --show-error -X POST "$DEPLOYMENTS_URL" -H 'Content-Type: application/json' \
  --data "{\"version\": \"$package_version+$short\", \"commit\": \"$commit\", \"environment\": \"$environment\"}"
echo
