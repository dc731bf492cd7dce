# shellcheck shell=bash
# Sourced by the infra scripts: the cause of a failed `az` call, on one line.
#
#   cause_of_failure FILE   (FILE holds what az wrote to stderr)
#
# When the CLI printed ARM's JSON error, the cause is ARM's innermost code and message (a deployment
# failure nests the real cause, e.g. RegionDoesNotAllowProvisioning, under DeploymentFailed);
# otherwise it is the CLI's own first line.
cause_of_failure() {
  local text code message
  text="$(sed 's/^ERROR: //' "$1")"
  code="$(grep -o '"code": *"[^"]*"' <<<"$text" | tail -n 1 | sed 's/.*: *"\(.*\)"/\1/')"
  message="$(grep -o '"message": *"\([^"\\]\|\\.\)*"' <<<"$text" | tail -n 1 | sed 's/^"message": *"//; s/"$//; s/\\"/"/g')"
  if [ -n "$code" ]; then
    printf '%s: %.300s' "$code" "$message"
  else
    head -n 1 <<<"$text"
  fi
}
