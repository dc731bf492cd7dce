#!/usr/bin/env bash
# Checks a subscription before a class, and prints what to fix:
#
#   infra/preflight.sh westeurope 12
#
# - signed in, and which subscription (the one create-learner-environments.sh will use);
# - the instructor may give learners access to their resource groups (create role assignments);
# - the resource providers the template needs are registered;
# - Azure SQL takes new servers in the region (Microsoft.Sql's capabilities for this subscription);
# - no policy denies what the template does (SQL password authentication, SCM basic auth, or anything
#   else): ARM validates main.bicep in a scratch resource group, policies included, then the group is deleted;
# - App Service has a core free per learner in the region (each learner has one B1 plan: one core).
#
# Exit code 0 when the class can go ahead (lines marked CHECK are for the instructor to look at by hand), 1 when something needs fixing, 2 on bad usage.
# The run-book, with what this prints: docs/delivery.md.
set -uo pipefail

script_name="infra/preflight.sh"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=SCRIPTDIR/arm-errors.sh
source "$here/arm-errors.sh"
# New on every run, so a run again does not meet the last run's group while Azure still deletes it;
# and with a '-' after "preflight", a name no learner's group can have.
scratch_group="rg-orders-preflight-$(openssl rand -hex 4)"
providers=(Microsoft.Web Microsoft.Sql Microsoft.OperationalInsights Microsoft.Insights)

if [ "$#" -ne 2 ] || ! [[ "$2" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $script_name LOCATION COUNT   (e.g. $script_name westeurope 12: COUNT is the number of learners)" >&2
  exit 2
fi
location="$1"
count="$2"

errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT
to_fix=0
to_check=0
ok() { printf 'ok    %s\n' "$1"; }
fix() { printf 'FIX   %s\n' "$1"; to_fix=$((to_fix + 1)); }
# What pre-flight could not read, for the instructor to look at: it does not stop the class.
check() { printf 'CHECK %s\n' "$1"; to_check=$((to_check + 1)); }

if ! account="$(az account show --query "join('|', [name, id, state, user.name])" --output tsv 2>"$errors")"; then
  fix "not signed in: run az login (then az account set --subscription NAME if you have several), and run this again"
  exit 1
fi
IFS='|' read -r sub_name sub_id sub_state sub_user <<<"$account"
echo "subscription: $sub_name ($sub_id), signed in as $sub_user"
if [ "$sub_state" = "Enabled" ]; then
  ok "the subscription is Enabled"
else
  fix "the subscription is $sub_state, not Enabled: nothing can be created in it until its billing is sorted out"
fi

# Giving a learner Contributor on their group is a role assignment, which Contributor itself may not
# create: without one of these roles every learner given as name=sign-in would fail with AuthorizationFailed.
may_assign="Owner, User Access Administrator or Role Based Access Control Administrator"
instructor="$(az ad signed-in-user show --query id --output tsv 2>/dev/null)" || instructor="$sub_user" # a service principal: its name
if ! roles="$(az role assignment list --assignee "$instructor" --include-inherited --include-groups --scope "/subscriptions/$sub_id" \
    --query "[].roleDefinitionName" --output tsv 2>"$errors")"; then
  fix "could not read your role assignments ($(cause_of_failure "$errors")): giving learners access needs $may_assign on the subscription"
elif granting="$(grep -x -m 1 -E 'Owner|User Access Administrator|Role Based Access Control Administrator' <<<"$roles")"; then
  ok "$sub_user may give learners access ($granting)"
else
  fix "$sub_user may not give learners access to their resource groups (roles on the subscription: $(paste -sd, - <<<"$roles" | sed 's/,/, /g; s/^$/none/')): \
ask for $may_assign (the last is the narrowest), or create the environments without sign-ins and have an administrator give access; \
a custom role that allows Microsoft.Authorization/roleAssignments/write will do as well"
fi

for namespace in "${providers[@]}"; do
  state="$(az provider show --namespace "$namespace" --query registrationState --output tsv 2>"$errors")" || state="unknown ($(cause_of_failure "$errors"))"
  if [ "$state" = "Registered" ]; then
    ok "resource provider $namespace is Registered"
  else
    fix "resource provider $namespace is $state: az provider register --namespace $namespace"
  fi
done

capabilities="/subscriptions/{subscriptionId}/providers/Microsoft.Sql/locations/$location/capabilities?api-version=2021-11-01"
if ! sql_status="$(az rest --method get --url "$capabilities" --query status --output tsv 2>"$errors")"; then
  fix "could not read Azure SQL's capabilities in $location ($(cause_of_failure "$errors")): is $location a region name (az account list-locations -o table)?"
elif [ "$sql_status" = "Disabled" ]; then
  reason="$(az rest --method get --url "$capabilities" --query reason --output tsv 2>/dev/null)"
  fix "Azure SQL takes no new servers in $location for this subscription ($sql_status: ${reason:-no reason given}): run this again with another region"
else
  ok "Azure SQL takes new servers in $location ($sql_status)"
fi

# A policy with the Deny effect refuses a resource when ARM validates the deployment, so validating
# main.bicep finds every such policy (ours and any other) before a learner's deployment meets it.
# One line per RequestDisallowedByPolicy detail of a refusal printed as JSON (the CLI's usual layout);
# one in another layout gets the general FIX line with its cause.
denials() { { tr -d '\n' <"$errors"; echo; } | sed 's/{ *"code": *"RequestDisallowedByPolicy"/\n&/g' | tail -n +2; }
# A policy's name for people: its display name (the detail's additionalInfo), else the resource name
# in the message's "Policy identifiers" (a GUID for a built-in definition).
policy_name() { # which (Definition or Assignment), one denial's line
  local shown
  shown="$(json_text "policy$1DisplayName" <<<"$2")"
  local unescaped="${2//'\"'/'"'}" # the message holds the identifiers as escaped JSON
  [ -n "$shown" ] || shown="$(grep -o "\"policy$1\":{\"name\":\"[^\"]*\"" <<<"$unescaped" | head -n 1 | sed 's/.*"name":"//; s/"$//')"
  echo "$shown"
}
if ! az group create --name "$scratch_group" --location "$location" --output none 2>"$errors"; then
  fix "could not create a resource group in $location to validate the template: $(cause_of_failure "$errors")"
else
  if az deployment group validate --resource-group "$scratch_group" --template-file "$here/main.bicep" \
      --parameters learner=preflight imageOwner=preflight registryUsername=preflight registryPassword=not-used \
        sqlAdminPassword='Preflight-Only-1' financeApiKey=not-used \
      --output none 2>"$errors"; then
    ok "no policy denies the template (validated by ARM in $scratch_group)"
  elif [ -n "$(denials)" ]; then
    while read -r denial; do
      target="$(json_text target <<<"$denial")"
      named="(\"$(policy_name Definition "$denial")\", assigned as \"$(policy_name Assignment "$denial")\")"
      case "$target" in
        *-sql) fix "a policy denies SQL password authentication $named: ask your Azure administrator for an exemption for the class's resource groups (rg-orders-*); the app signs in to Azure SQL with a password" ;;
        */scm) fix "a policy denies SCM basic auth $named: create the environments with SCM_BASIC_AUTH=off (learners then deploy by restarting the app: docs/delivery.md), or ask for an exemption" ;;
        *) fix "a policy denies $target $named: ask your Azure administrator for an exemption for the class's resource groups" ;;
      esac
    done < <(denials)
  elif cli_hid_answer "$errors"; then
    fix "could not validate the template: $(cause_of_failure "$errors")"
  else
    fix "the template does not validate in $location: $(cause_of_failure "$errors")"
  fi
  az group delete --name "$scratch_group" --yes --no-wait --output none 2>/dev/null ||
    echo "      (could not delete $scratch_group: az group delete --name $scratch_group --yes)"
fi

usages="/subscriptions/{subscriptionId}/providers/Microsoft.Web/locations/$location/usages?api-version=2023-12-01"
need="$count learners need $count cores (one B1 plan each)"
# The cores entry is found by its unit: the API promises no order. Its limit is -1 when unlimited.
cores_query="value[?unit=='Core Count'] | [0].[currentValue, limit]" # one a line; nothing when there is no such entry
if ! cores="$(az rest --method get --url "$usages" --query "$cores_query" --output tsv 2>"$errors")"; then
  check "could not read App Service's core quota in $location ($(cause_of_failure "$errors")): check it in the portal (Quotas); $need"
elif ! { read -r used && read -r limit; } <<<"$cores" || ! [[ "$used" =~ ^[0-9]+$ && "$limit" =~ ^(-1|[0-9]+)$ ]]; then
  check "could not read App Service's core quota in $location: check it in the portal (Quotas); $need"
elif [ "$limit" -eq -1 ]; then
  ok "App Service in $location: $need; $used are used, and the quota is unlimited"
elif [ $((limit - used)) -ge "$count" ]; then
  ok "App Service in $location: $need; $((limit - used)) of $limit are free"
else
  fix "App Service in $location: $need; $((limit - used)) of $limit are free: ask for more (Quotas in the portal) or choose another region"
fi

echo
if [ "$to_fix" -eq 0 ]; then
  [ "$to_check" -eq 0 ] || echo "ready for $count learners in $location, once the lines marked CHECK above are checked by hand"
  [ "$to_check" -ne 0 ] || echo "ready for $count learners in $location: infra/create-learner-environments.sh $location LEARNER…"
  exit 0
fi
[ "$to_fix" -eq 1 ] && things="thing" || things="things"
echo "$to_fix $things to fix before the class (lines marked FIX above)"
exit 1
