#!/usr/bin/env bash
# Creates one workshop environment per learner, each in its own resource group, from main.bicep.
#
#   DOCKERHUB_USERNAME=you SQL_ADMIN_PASSWORD='…' FINANCE_API_KEY='…' \
#     ./infra/create-learner-environments.sh westeurope alice bob carol
#
# Needs the Azure CLI, logged in (az login). Delete an environment with: az group delete -n rg-orders-<learner>
set -euo pipefail

if [ "$#" -lt 2 ]; then
  echo "usage: $0 LOCATION LEARNER [LEARNER …]   (learner names: 3-12 lowercase letters or digits)" >&2
  exit 2
fi
: "${DOCKERHUB_USERNAME:?set DOCKERHUB_USERNAME to the Docker Hub account the images are in}"
: "${SQL_ADMIN_PASSWORD:?set SQL_ADMIN_PASSWORD (Azure SQL rules: 8+ characters, three of upper, lower, digit, symbol)}"
: "${FINANCE_API_KEY:?set FINANCE_API_KEY, the key the app sends to the finance package}"

location="$1"
shift
here="$(cd "$(dirname "$0")" && pwd)"

for learner in "$@"; do
  if ! [[ "$learner" =~ ^[a-z0-9]{3,12}$ ]]; then
    echo "skipping '$learner': use 3-12 lowercase letters or digits" >&2
    continue
  fi
  group="rg-orders-$learner"
  echo "== $learner: resource group $group in $location"
  az group create --name "$group" --location "$location" --output none
  az deployment group create \
    --resource-group "$group" \
    --template-file "$here/main.bicep" \
    --parameters learner="$learner" dockerHubUsername="$DOCKERHUB_USERNAME" \
      sqlAdminPassword="$SQL_ADMIN_PASSWORD" financeApiKey="$FINANCE_API_KEY" \
    --query "properties.outputs" --output json
done
