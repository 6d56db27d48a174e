// Invitations: one-command deployment (`azd up`, or `az deployment sub create`, see infra/README.md).
//
// Subscription scope, as azd expects: the template creates the resource group and deploys everything
// into it through the local modules in ./modules (plain resource declarations, no registry modules, so
// compiling needs no download).
targetScope = 'subscription'

metadata description = 'Invitations Functions app on Flex Consumption with storage, ACS Email, Key Vault, Event Grid and monitoring.'

// ---------- Environment ----------

@description('azd environment name: part of resource names and the azd-env-name tag.')
@minLength(1)
@maxLength(40)
param environmentName string

@description('Region for the resource group and the regional resources. Flex Consumption must be offered there.')
@minLength(1)
@metadata({ azd: { type: 'location' } })
param location string

@description('Resource group name; empty means rg-<environmentName>.')
param resourceGroupName string = ''

// ---------- Function App ----------

@description('.NET version of the dotnet-isolated stack on Flex Consumption (see README: fallback).')
@allowed([
  '8.0'
  '9.0'
  '10.0'
])
param dotnetVersion string = '10.0'

@description('Upper bound of Flex Consumption instances (40 is the minimum Azure accepts).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Base URL of the admin portal (Invitations__PortalBaseUrl); accept links are {base}/invitations/accept?token=. Also the allowed CORS origin.')
@minLength(1)
param portalBaseUrl string

@description('Allowed invitation roles, comma separated, first is the default (Invitations__Roles).')
param invitationRoles string = 'member,admin'

@description('Prefix of the app table names (Storage__TablePrefix).')
param tablePrefix string = ''

@description('Name of the email jobs queue (EmailQueueName); its poison queue is <name>-poison.')
param emailQueueName string = 'invitation-emails'

@description('Minutes between expiry sweeps; ExpirySweepSchedule becomes "0 */N * * * *" and the missing-run alert fires after 2 intervals.')
@allowed([
  5
  10
  15
  30
])
param expirySweepIntervalMinutes int = 5

// ---------- Authentication (Entra ID) ----------

@description('Tenant of the API app registration; empty means the deployment tenant.')
param authTenantId string = ''

@description('Audience of the access tokens: the Application ID URI (api://...) or client id of the API app registration (Auth__Audience).')
@minLength(1)
param authAudience string

@description('Token issuer (Auth__Issuer); empty means the v2.0 issuer of authTenantId.')
param authIssuer string = ''

@description('OpenID Connect authority (Auth__Authority); empty means the v2.0 authority of authTenantId.')
param authAuthority string = ''

// ---------- Link signing keys (Key Vault) ----------

@description('Id of the active link signing key (LinkSigning__ActiveKeyId); its secret is linksigning-<id>. Letters, digits and dashes.')
@minLength(1)
@maxLength(20)
param linkSigningKeyId string = 'k1'

@description('The active key: base64 of at least 32 random bytes, e.g. `openssl rand -base64 48`. Written to Key Vault on every deployment.')
@secure()
@minLength(44)
param linkSigningKey string

@description('Comma-separated ids of older keys still accepted when verifying links during a rotation, e.g. "k1"; their secrets must already be in the vault.')
param linkSigningPreviousKeyIds string = ''

@description('Purge protection on the Key Vault (recommended for production; blocks `azd down --purge`).')
param keyVaultPurgeProtection bool = false

// ---------- Email (ACS) ----------

@description('Where ACS stores data at rest, e.g. "Europe", "United States", "UK".')
param emailDataLocation string = 'Europe'

@description('Optional custom email domain, e.g. mail.example.com. See README "Moving to a custom email domain".')
param customEmailDomain string = ''

@description('Link the (verified) custom domain and send from it.')
param linkCustomEmailDomain bool = false

@description('Local part of the sender address on the custom domain.')
param customSenderUsername string = 'DoNotReply'

@description('Product name in email content (Email__ProductName) and sender display name on a custom domain.')
param emailProductName string = 'Invitations'

@description('Optional Reply-To address (Email__ReplyTo).')
param emailReplyTo string = ''

@description('BuiltIn ("Communication and Email Service Owner") or Custom (least-privilege custom role) for sending email.')
@allowed([
  'BuiltIn'
  'Custom'
])
param emailSenderRoleKind string = 'BuiltIn'

@description('Secret in the Event Grid webhook URL (Email__DeliveryReportSecret), e.g. `openssl rand -hex 32`.')
@secure()
@minLength(16)
param emailDeliveryReportSecret string

@description('Create the Event Grid subscription for delivery reports. Needs the app deployed first (webhook validation): leave false for the first `azd up`, then set true and provision again.')
param deployEventGridSubscription bool = false

// ---------- Lifecycle events (Event Grid) ----------

@description('Name of the relay\'s nudge queue (EventsQueueName); its poison queue is <name>-poison.')
param eventsQueueName string = 'invitation-events'

@description('Sample subscription to the lifecycle events topic: a subscriber webhook URL (https). Empty: none. See docs/events.md.')
@secure()
param eventsSampleSubscriberUrl string = ''

// ---------- Monitoring ----------

@description('Email address for alerts; empty creates the action group without a receiver.')
param alertEmailAddress string = ''

@description('Daily Log Analytics ingestion cap in GB; 0 means no cap.')
@minValue(0)
param logAnalyticsDailyCapGb int = 0

// ---------- Names ----------

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'invitations'
}
var loginEndpoint = environment().authentication.loginEndpoint
var effectiveAuthTenantId = empty(authTenantId) ? tenant().tenantId : authTenantId
var effectiveAuthAuthority = empty(authAuthority) ? '${loginEndpoint}${effectiveAuthTenantId}/v2.0' : authAuthority
var effectiveAuthIssuer = empty(authIssuer) ? '${loginEndpoint}${effectiveAuthTenantId}/v2.0' : authIssuer
var previousKeyIds = filter(map(split(linkSigningPreviousKeyIds, ','), id => trim(id)), id => !empty(id) && id != linkSigningKeyId)
var deploymentContainerName = 'app-package'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${environmentName}-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${environmentName}-${resourceToken}'
    applicationInsightsName: 'appi-${environmentName}-${resourceToken}'
    location: location
    tags: tags
    dailyCapGb: logAnalyticsDailyCapGb
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    queueNames: [
      emailQueueName
      '${emailQueueName}-poison'
      eventsQueueName
      '${eventsQueueName}-poison'
    ]
    principalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    readerPrincipalId: identity.outputs.principalId
    linkSigningKeyId: linkSigningKeyId
    linkSigningKey: linkSigningKey
    deliveryReportSecret: emailDeliveryReportSecret
    enablePurgeProtection: keyVaultPurgeProtection
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    emailServiceName: 'ecs-${resourceToken}'
    communicationServiceName: 'acs-${resourceToken}'
    dataLocation: emailDataLocation
    tags: tags
    customEmailDomain: customEmailDomain
    linkCustomEmailDomain: linkCustomEmailDomain
    customSenderUsername: customSenderUsername
    customSenderDisplayName: emailProductName
    senderPrincipalId: identity.outputs.principalId
    senderRoleKind: emailSenderRoleKind
  }
}

module events 'modules/events.bicep' = {
  name: 'events'
  scope: rg
  params: {
    topicName: 'evgt-events-${environmentName}-${resourceToken}'
    location: location
    tags: tags
    publisherPrincipalId: identity.outputs.principalId
    sampleSubscriberUrl: eventsSampleSubscriberUrl
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: 'func-${environmentName}-${resourceToken}'
    planName: 'plan-${environmentName}-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    // Taking these from the storage and Key Vault modules also orders the app after their role
    // assignments and secrets, so the first start already has access.
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    dotnetVersion: dotnetVersion
    maximumInstanceCount: maximumInstanceCount
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    keyVaultName: keyVault.outputs.name
    linkSigningActiveKeyId: linkSigningKeyId
    linkSigningPreviousKeyIds: previousKeyIds
    emailEndpoint: communication.outputs.endpoint
    emailSenderAddress: communication.outputs.senderAddress
    emailReplyTo: emailReplyTo
    emailProductName: emailProductName
    emailQueueName: emailQueueName
    expirySweepSchedule: '0 */${expirySweepIntervalMinutes} * * * *'
    eventsQueueName: eventsQueueName
    eventsTopicEndpoint: events.outputs.endpoint
    tablePrefix: tablePrefix
    portalBaseUrl: portalBaseUrl
    invitationRoles: invitationRoles
    authIssuer: effectiveAuthIssuer
    authAudience: authAudience
    authAuthority: effectiveAuthAuthority
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: rg
  params: {
    systemTopicName: 'evgt-${environmentName}-${resourceToken}'
    tags: tags
    communicationServiceId: communication.outputs.communicationServiceId
    deploySubscription: deployEventGridSubscription
    deliveryReportEndpointUrl: 'https://${functionApp.outputs.defaultHostName}/api/email/delivery-reports?secret=${uriComponent(emailDeliveryReportSecret)}'
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    namePrefix: environmentName
    alertEmailAddress: alertEmailAddress
    expirySweepIntervalMinutes: expirySweepIntervalMinutes
    emailQueueName: emailQueueName
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
  }
}

// Outputs become azd environment values (azd env get-values).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URL string = functionApp.outputs.url
output EMAIL_SENDER_ADDRESS string = communication.outputs.senderAddress
output EMAIL_ENDPOINT string = communication.outputs.endpoint
output EMAIL_CUSTOM_DOMAIN_DNS_RECORDS object = communication.outputs.customDomainVerificationRecords
output KEY_VAULT_NAME string = keyVault.outputs.name
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output EVENTGRID_SUBSCRIPTION_DEPLOYED bool = eventGrid.outputs.subscriptionDeployed
output EVENTS_TOPIC_ENDPOINT string = events.outputs.endpoint
