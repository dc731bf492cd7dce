# shellcheck shell=bash
# Sourced by the infra scripts: the cause of a failed `az` call, on one line.
#
#   cause_of_failure FILE   (FILE holds what az wrote to stderr)
#
# The cause is ARM's innermost error (a deployment failure nests the real cause, e.g.
# RegionDoesNotAllowProvisioning, under DeploymentFailed), its code and message read from the same
# error, whichever layout the CLI printed it in (azure-cli's resource module and azure-core, read from
# their source):
# - JSON: a failed deployment's status; a refused validation (since CLI 2.24: the error, then each
#   detail after "Inner Errors:");
# - azure-core's text, for plain commands such as `az group create`: "(Code) message", then lines
#   "Code: …" and "Message: …", nested details indented by a tab after "Exception Details:";
# - "Code - message" lines, when a validation result carries its error;
# - CLI 2.73 to 2.77 print a refused validation (and some failed deployments) as only "The content
#   for this response was already consumed" (azure-cli issue 31581, fixed in 2.78): the cause is
#   then the CLI, and upgrading it.
# Otherwise it is the CLI's own first line. Its warnings (a new Bicep release, linter notes) are never
# the cause. A policy's refusal is named by its display names when ARM gives them with it (the
# "Policy identifiers" in its message are resource names, GUIDs for built-in policies).

# The first JSON string "$1": "…" in stdin, its escaped quotes and backslashes read back.
json_text() {
  grep -o "\"$1\": *\"\\([^\"\\\\]\\|\\\\.\\)*\"" | head -n 1 | sed "s/^\"$1\": *\"//; s/\"\$//; s/\\\\\\(.\\)/\\1/g"
}

# Whether FILE shows CLI 2.73 to 2.77 hiding ARM's answer (then nothing in it says what ARM refused).
cli_hid_answer() { grep -q 'The content for this response was already consumed' "$1"; }

cause_of_failure() {
  local text piece code message line definition assignment
  text="$(grep -v '^WARNING: ' "$1" | sed 's/^ERROR: //')"
  if cli_hid_answer "$1"; then
    printf '%s' "your Azure CLI hid ARM's answer (\"The content for this response was already consumed\", a bug of Azure CLI 2.73 to 2.77): run az upgrade, then run this again"
    return
  fi
  if grep -q '"code": *"' <<<"$text"; then
    # The innermost error is the last object whose "code" starts it; its fields are read from it alone.
    piece="\"code\":${text##*'"code":'}"
    code="$(json_text code <<<"$piece")"
    message="$(json_text message <<<"$piece")"
  elif grep -qE '^[[:space:]]*Code: ' <<<"$text"; then
    # From the last "Code:" line on: the innermost error's Message and Info.
    piece="$(awk '/^[[:space:]]*Code: / { p = "" } { p = p $0 "\n" } END { printf "%s", p }' <<<"$text")"
    code="$(head -n 1 <<<"$piece" | sed -E 's/^[[:space:]]*Code: //')"
    message="$(grep -E '^[[:space:]]*Message: ' <<<"$piece" | head -n 1 | sed -E 's/^[[:space:]]*Message: //')"
  elif line="$(grep -E '^[A-Z][A-Za-z]+ - ' <<<"$text" | tail -n 1)" && [ -n "$line" ]; then
    piece="$line"
    code="${line%% - *}"
    message="${line#* - }"
  fi
  if [ -z "${code:-}" ]; then
    head -n 1 <<<"$text" | tr -d '\n'
    return
  fi
  definition="$(json_text policyDefinitionDisplayName <<<"$piece")"
  assignment="$(json_text policyAssignmentDisplayName <<<"$piece")"
  if [ "$code" = RequestDisallowedByPolicy ] && [ -n "$definition" ]; then
    message="${message%% Policy identifiers:*} (policy \"$definition\", assigned as \"$assignment\")"
  fi
  printf '%s: %.300s' "$code" "$message"
}
