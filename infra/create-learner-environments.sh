#!/usr/bin/env bash
# Creates one workshop environment per learner, each in its own resource group, from main.bicep,
# gives each learner's sign-in access to their group, and writes the class file that
# `npm run class -- FILE` reads (lines `learner=<app URL>`).
#
#   DOCKERHUB_USERNAME=you DOCKERHUB_TOKEN=… \
#     infra/create-learner-environments.sh westeurope alice=alice@school.example bob carol
#
# Each learner's SQL password and finance API key are generated here, their own: a learner has
# Contributor on their group, so reads their app settings, and a class-wide secret would open every
# other learner's database. They are never printed nor written down; a learner reads theirs in their
# Web App's settings, and a run again for a learner gives them new ones (the app gets them too).
# Run infra/preflight.sh first. The run-book, with what this prints: docs/delivery.md.
# Needs the Azure CLI, signed in (az login). Delete an environment with: az group delete -n rg-orders-<learner>
#
# No `set -e`, on purpose: one learner's failure (a refused region, a denying policy, a mistyped
# sign-in) must not leave every later learner with nothing. Each learner's outcome is reported at the
# end, and the exit code is 1 when any failed.
set -uo pipefail

script_name="infra/create-learner-environments.sh"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=SCRIPTDIR/arm-errors.sh
source "$here/arm-errors.sh"

usage() {
  cat >&2 <<EOF
usage: $script_name LOCATION LEARNER [LEARNER …]
  LEARNER is NAME or NAME=SIGN-IN: NAME is 3-12 lowercase letters or digits (not preflight); SIGN-IN (the learner's
  Microsoft Entra sign-in, or object ID) is given Contributor on the learner's resource group.
settings (environment):
  DOCKERHUB_USERNAME   the Docker Hub account the images were pushed to (required)
  DOCKERHUB_TOKEN      a read-only Docker Hub access token of that account, for the sites' pulls (required
                       unless REGISTRY_PASSWORD is set)
  REGISTRY_SERVER, REGISTRY_USERNAME, REGISTRY_PASSWORD
                       pull from another registry instead, e.g. an Azure Container Registry (name.azurecr.io)
  SCM_BASIC_AUTH       on (default) or off, where a policy forbids SCM basic auth (docs/delivery.md)
  CLASS_FILE           where the class file goes (default: infra/class.txt)
EOF
  exit 2
}

refuse() {
  echo "$script_name: $1" >&2
  exit 2
}

[ "$#" -ge 2 ] || usage
location="$1"
shift

[ -n "${DOCKERHUB_USERNAME:-}" ] || refuse "set DOCKERHUB_USERNAME to the Docker Hub account the images are in"
for shared in SQL_ADMIN_PASSWORD FINANCE_API_KEY; do
  [ -z "${!shared:-}" ] || refuse "$shared is not used any more: each learner's SQL password and finance API key are \
generated, their own (a shared one would let every learner into the others' databases): unset $shared and run this again"
done
registry_server="${REGISTRY_SERVER:-index.docker.io}"
registry_username="${REGISTRY_USERNAME:-$DOCKERHUB_USERNAME}"
# Every learner can read the pull password in their app settings: only the registry it is for gets it.
if [ "$registry_server" != "index.docker.io" ] && [ -z "${REGISTRY_PASSWORD:-}" ]; then
  refuse "REGISTRY_SERVER is $registry_server: set REGISTRY_PASSWORD (and REGISTRY_USERNAME) to a pull token of that registry; \
the Docker Hub token is not sent to another registry"
fi
registry_password="${REGISTRY_PASSWORD:-${DOCKERHUB_TOKEN:-}}"
case "$registry_password" in
  *[[:cntrl:]]*) refuse "the registry token holds a control character (a carriage return from a file saved on Windows?): \
give the token alone, e.g. DOCKERHUB_TOKEN=\"\$(tr -d '\\r' < token.txt)\"" ;;
esac
[ -n "$registry_password" ] || refuse "set DOCKERHUB_TOKEN to a read-only Docker Hub access token of $DOCKERHUB_USERNAME: \
anonymous pulls hit Docker Hub's rate limit (429), counted per IP, and a region's App Service instances share \
their outbound IPs. Or pull from an Azure Container Registry: REGISTRY_SERVER, REGISTRY_USERNAME, REGISTRY_PASSWORD."
case "${SCM_BASIC_AUTH:-on}" in
  on) scm_basic_auth=true ;;
  off) scm_basic_auth=false ;;
  *) refuse "SCM_BASIC_AUTH=\"$SCM_BASIC_AUTH\" is not allowed: use on or off" ;;
esac
class_file="${CLASS_FILE:-$here/class.txt}"

errors="$(mktemp)" || refuse "could not create a temporary file (is TMPDIR writable?)"
# The secrets go to az in a parameters file, not on its command line, where anyone on this machine
# could read them (ps); the folder is the instructor's alone and goes when the script ends.
private="$(mktemp -d)" || refuse "could not create a temporary folder (is TMPDIR writable?)"
chmod 700 "$private"
trap 'rm -f "$errors"; rm -rf "$private"' EXIT

# A JSON string of $1, which has no control characters (the registry token is checked above; the
# generated secrets are hex). sed reads it from a pipe, so it is on no command line either.
json_string() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"
}

if ! az account show --query name --output tsv >/dev/null 2>"$errors"; then
  cat "$errors" >&2
  echo "$script_name: not signed in to Azure: run az login (and az account set --subscription …), then run this again" >&2
  exit 1
fi

# What to do about the causes an instructor meets most, named by ARM's words.
advice_for() {
  case "$1" in
    *RequestDisallowedByPolicy*"/scm'"*) echo " (a policy forbids SCM basic auth: run again with SCM_BASIC_AUTH=off; docs/delivery.md says what changes)" ;;
    *RequestDisallowedByPolicy*"-sql'"*) echo " (a policy forbids SQL password authentication: ask for an exemption for the class's resource groups; docs/delivery.md)" ;;
    *AuthorizationFailed*roleAssignments/write*) echo " (you may not give access: ask for Owner, User Access Administrator or Role Based Access Control Administrator on the subscription, then run again for this learner; infra/preflight.sh checks it)" ;;
    *RegionDoesNotAllowProvisioning*) echo " (the region takes no new SQL servers: choose another with infra/preflight.sh REGION COUNT)" ;;
    *RequestDisallowedByPolicy*) echo " (ask your Azure administrator for an exemption for the class's resource groups, rg-orders-*; infra/preflight.sh finds such policies before the class)" ;;
  esac
}

# Azure SQL wants 8-128 characters from three of upper case, lower case, digits and symbols: the
# fixed "Or-" gives the upper case and the symbol, the 160 random bits the lower case and digits.
new_sql_password() { printf 'Or-%s' "$(openssl rand -hex 20)"; }
new_finance_key() { openssl rand -hex 32; }

outcomes=()
failed_learners=()
created_names=()
created_lines=()

report() { # learner, outcome line
  outcomes+=("$(printf '%-12s %s' "$1" "$2")")
}

for learner_arg in "$@"; do
  learner="${learner_arg%%=*}"
  signin=""
  [ "$learner" = "$learner_arg" ] || signin="${learner_arg#*=}"
  if [ "$learner" != "$learner_arg" ] && [ -z "$signin" ]; then
    report "$learner_arg" "FAILED   sign-in: nothing after \"$learner=\": give the learner's sign-in or object ID, or \"$learner\" alone for no access"
    failed_learners+=("$learner_arg")
    continue
  fi
  if ! [[ "$learner" =~ ^[a-z0-9]{3,12}$ ]]; then
    report "$learner" "FAILED   name: use 3-12 lowercase letters or digits"
    failed_learners+=("$learner_arg")
    continue
  fi
  if [ "$learner" = "preflight" ]; then
    report "$learner" "FAILED   name: \"preflight\" is kept for infra/preflight.sh: choose another"
    failed_learners+=("$learner_arg")
    continue
  fi
  group="rg-orders-$learner"
  echo "== $learner: resource group $group in $location"

  if ! group_id="$(az group create --name "$group" --location "$location" --query id --output tsv 2>"$errors")"; then
    cat "$errors" >&2
    cause="$(cause_of_failure "$errors")"
    report "$learner" "FAILED   resource group: $cause$(advice_for "$cause")"
    failed_learners+=("$learner_arg")
    continue
  fi

  secrets_file="$private/$learner.parameters.json"
  (
    umask 077 # created readable by the instructor alone
    {
      # shellcheck disable=SC2016 # $schema is JSON's key, not a shell variable
      printf '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": {\n'
      printf '  "registryPassword": {"value": %s},\n' "$(json_string "$registry_password")"
      printf '  "sqlAdminPassword": {"value": %s},\n' "$(json_string "$(new_sql_password)")"
      printf '  "financeApiKey": {"value": %s}\n}}\n' "$(json_string "$(new_finance_key)")"
    } >"$secrets_file"
  )
  deployed=yes
  app_url="$(az deployment group create --resource-group "$group" --name orders-environment \
      --template-file "$here/main.bicep" \
      --parameters "@$secrets_file" learner="$learner" imageOwner="$DOCKERHUB_USERNAME" registryServer="$registry_server" \
        registryUsername="$registry_username" scmBasicAuth="$scm_basic_auth" \
      --query properties.outputs.appUrl.value --output tsv 2>"$errors")" || deployed=no
  rm -f "$secrets_file"
  if [ "$deployed" = no ] || [ -z "$app_url" ]; then
    cat "$errors" >&2
    cause="$(cause_of_failure "$errors")"
    report "$learner" "FAILED   deployment: ${cause:-the deployment gave no appUrl output}$(advice_for "$cause")"
    failed_learners+=("$learner_arg")
    continue
  fi
  created_names+=("$learner")
  created_lines+=("$learner=$app_url")
  echo "   $app_url"

  if [ -z "$signin" ]; then
    report "$learner" "created  $app_url  access: none given (no sign-in)"
  elif az role assignment create --assignee "$signin" --role Contributor --scope "$group_id" --output none 2>"$errors"; then
    report "$learner" "created  $app_url  access: $signin (Contributor on $group)"
  else
    cat "$errors" >&2
    cause="$(cause_of_failure "$errors")"
    advice="$(advice_for "$cause")"
    report "$learner" "FAILED   access: $cause${advice:- (run again with a sign-in or object ID the directory knows)} (the environment is there: $app_url)"
    failed_learners+=("$learner_arg")
  fi
done

# The class file keeps the lines of learners not in this run, so a second run for the ones that
# failed completes it rather than replacing it.
touch "$class_file"
kept="$(grep -v -E "^($(IFS='|'; echo "${created_names[*]:-}"))=" "$class_file" || true)"
{
  [ -z "$kept" ] || printf '%s\n' "$kept"
  [ "${#created_lines[@]}" -eq 0 ] || printf '%s\n' "${created_lines[@]}"
} >"$class_file.new" && mv "$class_file.new" "$class_file"

echo
echo "== outcome"
printf '%s\n' "${outcomes[@]}"
echo "class file: $class_file ($(grep -c . "$class_file") learners): npm run class -- $class_file"
if [ "${#failed_learners[@]}" -gt 0 ]; then
  echo "${#failed_learners[@]} of $# learners failed; once the cause is fixed, run again for them alone:"
  echo "  $script_name $location ${failed_learners[*]}"
  exit 1
fi
echo "all $# learners created"
