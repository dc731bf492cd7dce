// One learner's environment for the order-processing workshop: a Linux App Service plan running
// the app and the finance package as containers from Docker Hub, an Azure SQL database capped at
// 100 MB (System Monitoring fills it in about 15 minutes at one order a second), and a
// workspace-based Application Insights. Deploy with create-learner-environments.sh (run-book:
// docs/delivery.md).

@description('Short name of the learner, used in every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(12)
param learner string

param location string = resourceGroup().location

@description('Account (namespace) the images were pushed under by the deploy pipeline.')
param imageOwner string

param imageTag string = 'latest'

@description('Registry the sites pull from: Docker Hub, or an Azure Container Registry\'s login server (name.azurecr.io).')
param registryServer string = 'index.docker.io'

// Pulls are authenticated: anonymous Docker Hub pulls are rate-limited per IP, and a region's App
// Service instances share outbound IPs, so a class pulling at once (provisioning, restarts,
// webhooks) would get 429s. Use a read-only access token.
@description('Registry user name (Docker Hub: the account; Azure Container Registry: a token or admin user).')
param registryUsername string

@description('Registry password: a read-only Docker Hub access token, or the Azure Container Registry token\'s password.')
@secure()
param registryPassword string

// The Deployment Center's webhook URL (called by the pipelines) carries SCM basic-auth credentials,
// which many tenants turn off by policy. Set false where a policy denies it: docs/delivery.md says
// what learners do instead.
@description('Allow SCM basic-auth publishing credentials, which the Deployment Center\'s webhook URL needs.')
param scmBasicAuth bool = true

param sqlAdminLogin string = 'orderadmin'

// Both generated per learner by create-learner-environments.sh: a learner reads their own in their
// app settings, and the firewall rule below lets any Azure-hosted client reach every learner's
// server, so a class-wide password would open the others' databases.
@description('The learner\'s own Azure SQL administrator password.')
@secure()
param sqlAdminPassword string

@description('The learner\'s own key, sent by the app to the finance package.')
@secure()
param financeApiKey string

@description('Seconds between two payments of the scheduled job.')
param scheduledJobIntervalSeconds string = '5'

@description('Seed of the finance package\'s random failures: the same for every learner, so Queue Reliability fails the same payments everywhere.')
param randomSeed string = '42'

var prefix = 'orders-${learner}'
// Web app and SQL server names are global DNS names (*.azurewebsites.net, *.database.windows.net):
// another class using this kit with a learner "alice" must not collide. uniqueString is stable for a
// resource group (13 lowercase letters and digits), so a second run updates rather than duplicates.
// Longest names: 'orders-' + 12 + '-' + 13 + '-finance' = 41 characters, within web apps' 60.
var globalPrefix = '${prefix}-${uniqueString(resourceGroup().id)}'
var appName = '${globalPrefix}-app'
var financeName = '${globalPrefix}-finance'
var onDockerHub = registryServer == 'index.docker.io'
var imagePrefix = onDockerHub ? imageOwner : '${registryServer}/${imageOwner}'
var registryUrl = onDockerHub ? 'https://index.docker.io/v1' : 'https://${registryServer}'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${prefix}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${prefix}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

resource sqlServer 'Microsoft.Sql/servers@2023-08-01' = {
  name: '${globalPrefix}-sql'
  location: location
  properties: {
    administratorLogin: sqlAdminLogin
    administratorLoginPassword: sqlAdminPassword
    minimalTlsVersion: '1.2'
  }
}

resource allowAzureServices 'Microsoft.Sql/servers/firewallRules@2023-08-01' = {
  parent: sqlServer
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2023-08-01' = {
  parent: sqlServer
  name: 'orders'
  location: location
  sku: { name: 'Basic', tier: 'Basic' }
  properties: {
    maxSizeBytes: 104857600 // 100 MB: what System Monitoring fills
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${prefix}-plan'
  location: location
  kind: 'linux'
  sku: { name: 'B1' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'app,linux,container' // what App Service gives a Linux container app; the portal shapes its pages by it
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOCKER|${imagePrefix}/order-processing-app:${imageTag}'
      healthCheckPath: '/healthz'
      alwaysOn: true
      appSettings: [
        { name: 'WEBSITES_PORT', value: '8080' }
        // /home as App Service's persistent share, where TELEMETRY_STORAGE_DIRECTORY keeps unsent
        // telemetry across restarts: without it /home is the image's, not writable by its user.
        { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'true' }
        // Continuous deployment: the Deployment Center's webhook URL pulls the new image when called.
        { name: 'DOCKER_ENABLE_CI', value: 'true' }
        { name: 'DOCKER_REGISTRY_SERVER_URL', value: registryUrl }
        { name: 'DOCKER_REGISTRY_SERVER_USERNAME', value: registryUsername }
        { name: 'DOCKER_REGISTRY_SERVER_PASSWORD', value: registryPassword }
        { name: 'FINANCE_PACKAGE_URL', value: 'https://${financeName}.azurewebsites.net' }
        { name: 'FINANCE_API_KEY', value: financeApiKey }
        { name: 'SCHEDULED_JOB_INTERVAL_SECONDS', value: scheduledJobIntervalSeconds }
        { name: 'DB_SERVER_NAME', value: sqlServer.properties.fullyQualifiedDomainName }
        { name: 'DATABASE_NAME', value: database.name }
        { name: 'DATABASE_USER', value: sqlAdminLogin }
        { name: 'DATABASE_PASSWORD', value: sqlAdminPassword }
        // Set from the start, but the starting code ignores it: wiring the SDK in is part 5.
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'TELEMETRY_STORAGE_DIRECTORY', value: '/home/telemetry' }
      ]
    }
  }
}

resource finance 'Microsoft.Web/sites@2023-12-01' = {
  name: financeName
  location: location
  kind: 'app,linux,container' // what App Service gives a Linux container app; the portal shapes its pages by it
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOCKER|${imagePrefix}/order-processing-finance-package:${imageTag}'
      healthCheckPath: '/healthz'
      alwaysOn: true
      appSettings: [
        { name: 'WEBSITES_PORT', value: '8080' }
        // /home as App Service's persistent share, where TELEMETRY_STORAGE_DIRECTORY keeps unsent
        // telemetry across restarts: without it /home is the image's, not writable by its user.
        { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'true' }
        // Continuous deployment: the Deployment Center's webhook URL pulls the new image when called.
        { name: 'DOCKER_ENABLE_CI', value: 'true' }
        { name: 'DOCKER_REGISTRY_SERVER_URL', value: registryUrl }
        { name: 'DOCKER_REGISTRY_SERVER_USERNAME', value: registryUsername }
        { name: 'DOCKER_REGISTRY_SERVER_PASSWORD', value: registryPassword }
        { name: 'APP_URL', value: 'https://${appName}.azurewebsites.net' }
        { name: 'FINANCE_API_KEY', value: financeApiKey }
        { name: 'TIME_SCALE', value: '1' }
        { name: 'RANDOM_SEED', value: randomSeed }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'TELEMETRY_STORAGE_DIRECTORY', value: '/home/telemetry' }
      ]
    }
  }
}

resource appScmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = if (scmBasicAuth) {
  parent: app
  name: 'scm'
  properties: { allow: true }
}

resource financeScmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = if (scmBasicAuth) {
  parent: finance
  name: 'scm'
  properties: { allow: true }
}

output appUrl string = 'https://${app.properties.defaultHostName}'
output financeUrl string = 'https://${finance.properties.defaultHostName}'
output insightsName string = insights.name
