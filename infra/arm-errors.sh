# shellcheck shell=bash
# Sourced by the infra scripts: the cause of a failed `az` call, on one line.
#
#   cause_of_failure FILE   (FILE holds what az wrote to stderr)
#
# The CLI prints ARM's errors in three ways, and the cause is ARM's innermost code and message in each
# (a deployment failure nests the real cause, e.g. RegionDoesNotAllowProvisioning, under DeploymentFailed):
# - JSON: a failed deployment's status, and a refused validation (since CLI 2.24: the error, then each
#   detail after "Inner Errors:");
# - azure-core's text, for plain commands such as `az group create`: "(Code) message", then lines
#   "Code: …" and "Message: …", nested details indented by a tab;
# - CLI 2.73 to 2.77 print a refused validation as only "The content for this response was already
#   consumed" (azure-cli issue 31581, fixed in 2.78): the cause is then the CLI, and upgrading it.
# Otherwise it is the CLI's own first line. A policy's refusal is named by its display names when ARM
# gives them (the "Policy identifiers" in its message are GUIDs).
cause_of_failure() {
  local text code message definition assignment
  text="$(sed 's/^ERROR: //' "$1")"
  if grep -q 'The content for this response was already consumed' <<<"$text"; then
    echo "your Azure CLI hid ARM's answer (\"The content for this response was already consumed\", a bug of Azure CLI 2.73 to 2.77): run az upgrade, then run this again"
    return
  fi
  code="$(grep -o '"code": *"[^"]*"' <<<"$text" | tail -n 1 | sed 's/.*: *"\(.*\)"/\1/')"
  message="$(grep -o '"message": *"\([^"\\]\|\\.\)*"' <<<"$text" | tail -n 1 | sed 's/^"message": *"//; s/"$//; s/\\"/"/g')"
  if [ -z "$code" ]; then
    code="$(grep -E '^[[:space:]]*Code: ' <<<"$text" | tail -n 1 | sed -E 's/^[[:space:]]*Code: //')"
    message="$(grep -E '^[[:space:]]*Message: ' <<<"$text" | tail -n 1 | sed -E 's/^[[:space:]]*Message: //')"
  fi
  definition="$(grep -o '"policyDefinitionDisplayName": *"[^"]*"' <<<"$text" | tail -n 1 | sed 's/.*: *"\(.*\)"/\1/')"
  assignment="$(grep -o '"policyAssignmentDisplayName": *"[^"]*"' <<<"$text" | tail -n 1 | sed 's/.*: *"\(.*\)"/\1/')"
  if [ "$code" = RequestDisallowedByPolicy ] && [ -n "$definition" ]; then
    message="${message%% Policy identifiers:*} (policy \"$definition\", assigned as \"$assignment\")"
  fi
  if [ -n "$code" ]; then
    printf '%s: %.300s' "$code" "$message"
  else
    head -n 1 <<<"$text"
  fi
}
