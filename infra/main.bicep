// One learner's environment for the order-processing workshop: a Linux App Service plan running
// the app and the finance package as containers from Docker Hub, an Azure SQL database capped at
// 100 MB (System Monitoring fills it in about 15 minutes at one order a second), and a
// workspace-based Application Insights. Deploy with create-learner-environments.sh.

@description('Short name of the learner, used in every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(12)
param learner string

param location string = resourceGroup().location

@description('Docker Hub account the images were pushed to by the deploy pipeline.')
param dockerHubUsername string

param imageTag string = 'latest'

param sqlAdminLogin string = 'orderadmin'

@secure()
param sqlAdminPassword string

@secure()
param financeApiKey string

@description('Seconds between two payments of the scheduled job.')
param scheduledJobIntervalSeconds string = '5'

@description('Seed of the finance package\'s random failures: the same for every learner, so Queue Reliability fails the same payments everywhere.')
param randomSeed string = '42'

var prefix = 'orders-${learner}'
var appName = '${prefix}-app'
var financeName = '${prefix}-finance'

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

resource sqlServer 'Microsoft.Sql/servers@2023-08-01-preview' = {
  name: '${prefix}-sql'
  location: location
  properties: {
    administratorLogin: sqlAdminLogin
    administratorLoginPassword: sqlAdminPassword
    minimalTlsVersion: '1.2'
  }
}

resource allowAzureServices 'Microsoft.Sql/servers/firewallRules@2023-08-01-preview' = {
  parent: sqlServer
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2023-08-01-preview' = {
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
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOCKER|${dockerHubUsername}/order-processing-app:${imageTag}'
      healthCheckPath: '/healthz'
      alwaysOn: true
      appSettings: [
        { name: 'WEBSITES_PORT', value: '8080' }
        // Continuous deployment: the Deployment Center's webhook URL pulls the new image when called.
        { name: 'DOCKER_ENABLE_CI', value: 'true' }
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
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOCKER|${dockerHubUsername}/order-processing-finance-package:${imageTag}'
      healthCheckPath: '/healthz'
      alwaysOn: true
      appSettings: [
        { name: 'WEBSITES_PORT', value: '8080' }
        // Continuous deployment: the Deployment Center's webhook URL pulls the new image when called.
        { name: 'DOCKER_ENABLE_CI', value: 'true' }
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

output appUrl string = 'https://${app.properties.defaultHostName}'
output financeUrl string = 'https://${finance.properties.defaultHostName}'
output insightsName string = insights.name
