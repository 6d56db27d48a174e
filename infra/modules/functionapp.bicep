// The Function App on the Flex Consumption plan (FC1, Linux) with every app setting the code reads.
// On Flex the runtime stack lives in functionAppConfig.runtime, so FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION are not app settings here (Flex rejects them).

@description('Globally unique Function App name.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Region of the plan and the app (Flex Consumption must be offered there).')
param location string

@description('Tags for the plan and the app (the app also gets azd-service-name).')
param tags object

@description('azd service name from azure.yaml; azd finds the app to deploy to through this tag.')
param azdServiceName string = 'api'

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (settings tell the SDKs and the host which identity to use).')
param identityClientId string

@description('Blob endpoint of the storage account (host storage).')
param blobEndpoint string

@description('Queue endpoint of the storage account (host and app storage).')
param queueEndpoint string

@description('Table endpoint of the storage account (host and app storage).')
param tableEndpoint string

@description('URL of the blob container holding the deployment package.')
param deploymentContainerUrl string

@description('.NET version of the dotnet-isolated stack on Flex. 10.0 is listed for FC1; if a region lacks it, see infra/README.md (fallback).')
@allowed([
  '8.0'
  '9.0'
  '10.0'
])
param dotnetVersion string = '10.0'

@description('Instance memory on Flex Consumption.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound of instances (Flex minimum is 40); caps cost under a traffic spike.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Name of the Key Vault holding the secrets referenced below.')
param keyVaultName string

@description('Active link signing key id (LinkSigning__ActiveKeyId).')
param linkSigningActiveKeyId string

@description('Older key ids still accepted for verification (their secrets linksigning-<id> must exist in the vault).')
param linkSigningPreviousKeyIds string[] = []

@description('ACS endpoint for Email__Endpoint.')
param emailEndpoint string

@description('Sender address (Email__SenderAddress).')
param emailSenderAddress string

@description('Optional Reply-To address (Email__ReplyTo).')
param emailReplyTo string = ''

@description('Product name used in email content (Email__ProductName).')
param emailProductName string = 'Invitations'

@description('Name of the email jobs queue (EmailQueueName).')
param emailQueueName string

@description('NCRONTAB schedule of the expiry sweep (ExpirySweepSchedule).')
param expirySweepSchedule string

@description('Name of the lifecycle events relay queue (EventsQueueName).')
param eventsQueueName string

@description('Endpoint of the lifecycle events topic (Events__TopicEndpoint); the app publishes with its identity.')
param eventsTopicEndpoint string

@description('Prefix of the app table names (Storage__TablePrefix).')
param tablePrefix string = ''

@description('Invitation link lifetime, TimeSpan format (Invitations__Lifetime).')
param invitationLifetime string = '7.00:00:00'

@description('Base URL of the admin portal; accept links are {base}/invitations/accept?token= (Invitations__PortalBaseUrl). Also the CORS origin.')
param portalBaseUrl string

@description('Allowed roles, comma separated, first is the default (Invitations__Roles).')
param invitationRoles string = 'member,admin'

@description('Emails one invitation may send in any rolling 24 hours: first email, resends and new invitations (Limits__EmailsPerInvitationPerDay).')
@minValue(1)
@maxValue(100)
param emailsPerInvitationPerDay int = 6

@description('Invitation emails one account may send per UTC day: creates, resends, new invitations, bulk rows (Limits__EmailsPerAccountPerDay).')
@minValue(1)
@maxValue(1000000)
param emailsPerAccountPerDay int = 500

@description('JWT issuer (Auth__Issuer).')
param authIssuer string

@description('JWT audience: the Application ID URI or client id of the API app registration (Auth__Audience).')
param authAudience string

@description('OpenID Connect authority (Auth__Authority).')
param authAuthority string

@description('App role of administrators (Auth__AdminRole).')
param authAdminRole string = 'Invitations.Admin'

@description('App role of operations staff (Auth__OpsRole).')
param authOpsRole string = 'Invitations.Ops'

@description('Claim listing the accounts a caller administers (Auth__AccountClaim).')
param authAccountClaim string = 'accounts'

@description('Claim holding the caller email (Auth__EmailClaim).')
param authEmailClaim string = 'email'

@description('Boolean claims, any of which vouches for the email claim when true (Auth__EmailVerifiedClaims). Empty: the issuer only issues verified addresses.')
param authEmailVerifiedClaims string = 'email_verified,xms_edov'

@description('Claims holding only verified addresses, e.g. Entra optional claims (Auth__VerifiedEmailClaims).')
param authVerifiedEmailClaims string = 'verified_primary_email,verified_secondary_email'

@description('Expiry sweep budget: items per run (Expiry__MaxItemsPerRun).')
param expiryMaxItemsPerRun int = 5000

@description('Expiry sweep budget: run duration, TimeSpan format (Expiry__MaxRunDuration).')
param expiryMaxRunDuration string = '00:02:00'

@description('Days to keep expiry run records (Expiry__RunRetentionDays).')
param expiryRunRetentionDays int = 30

// Key Vault reference resolved by App Service with keyVaultReferenceIdentity (latest secret version).
func kvRef(vault string, secret string) string => '@Microsoft.KeyVault(VaultName=${vault};SecretName=${secret})'

var linkSigningKeyIds = union([linkSigningActiveKeyId], linkSigningPreviousKeyIds)

// CORS wants an origin (scheme://host[:port]), not the portal base URL with its path.
var portalOrigin = join(take(split(portalBaseUrl, '/'), 3), '/')

// The settings test (tests/Invitations.Infra.Tests) reads the names between the two markers below and
// compares them with local.settings.sample.json: keep one "Name: value" per line in this block.
// app-settings:begin
var appSettings = union(
  {
    // Functions host storage by identity (Flex: AzureWebJobsStorage__* with credential + clientId).
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: blobEndpoint
    AzureWebJobsStorage__queueServiceUri: queueEndpoint
    AzureWebJobsStorage__tableServiceUri: tableEndpoint
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    // DefaultAzureCredential (email client) picks the user-assigned identity through this.
    AZURE_CLIENT_ID: identityClientId
    // App storage by identity; the queue trigger binds Connection = "InvitationsStorage".
    InvitationsStorage__credential: 'managedidentity'
    InvitationsStorage__clientId: identityClientId
    InvitationsStorage__tableServiceUri: tableEndpoint
    InvitationsStorage__queueServiceUri: queueEndpoint
    Storage__TablePrefix: tablePrefix
    // Below host.json functionTimeout and the 230 s HTTP front-end limit: past it the API answers 503.
    Api__RequestDeadline: '00:00:10'
    EmailQueueName: emailQueueName
    // Measures the email queue and its poison queue for the poison alert (alerts.bicep counts on one a minute).
    EmailQueueDepthSchedule: '0 * * * * *'
    ExpirySweepSchedule: expirySweepSchedule
    Invitations__Lifetime: invitationLifetime
    Invitations__PortalBaseUrl: portalBaseUrl
    Invitations__Roles: invitationRoles
    Limits__EmailsPerInvitationPerDay: string(emailsPerInvitationPerDay)
    Limits__EmailsPerAccountPerDay: string(emailsPerAccountPerDay)
    LinkSigning__ActiveKeyId: linkSigningActiveKeyId
    Auth__Mode: 'Entra'
    Auth__Issuer: authIssuer
    Auth__Audience: authAudience
    Auth__Authority: authAuthority
    Auth__AdminRole: authAdminRole
    Auth__OpsRole: authOpsRole
    Auth__AccountClaim: authAccountClaim
    Auth__EmailClaim: authEmailClaim
    Auth__EmailVerifiedClaims: authEmailVerifiedClaims
    Auth__VerifiedEmailClaims: authVerifiedEmailClaims
    Auth__ClockSkew: '00:02:00'
    Email__Endpoint: emailEndpoint
    Email__ClientId: identityClientId
    Email__SenderAddress: emailSenderAddress
    Email__ReplyTo: emailReplyTo
    Email__ProductName: emailProductName
    Email__DeliveryReportSecret: kvRef(keyVaultName, 'email-delivery-report-secret')
    // Must equal host.json extensions.queues.maxDequeueCount: the last delivery records the send as failed.
    Email__MaxDequeueCount: '5'
    Email__OrphanGracePeriod: '00:02:00'
    Email__MaxRetries: '3'
    Email__RetryDelay: '00:00:01'
    Email__MaxRetryDelay: '00:00:08'
    Email__NetworkTimeout: '00:00:30'
    Email__DefaultThrottleDelay: '00:00:30'
    Expiry__MaxItemsPerRun: string(expiryMaxItemsPerRun)
    Expiry__MaxRunDuration: expiryMaxRunDuration
    Expiry__RunRetentionDays: string(expiryRunRetentionDays)
    // Invitations handled at once by a sweep; the default suits a Flex instance.
    Expiry__Parallelism: '8'
    EventsQueueName: eventsQueueName
    Events__TopicEndpoint: eventsTopicEndpoint
    Events__ClientId: identityClientId
    Events__BatchSize: '50'
    Events__RetryDelay: '00:00:05'
    Events__MaxRetryDelay: '00:05:00'
  },
  // LinkSigning__Keys__{keyId}: one Key Vault reference per accepted key.
  toObject(linkSigningKeyIds, id => 'LinkSigning__Keys__${id}', id => kvRef(keyVaultName, 'linksigning-${id}'))
)
// app-settings:end

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: empty(portalBaseUrl) ? [] : [portalOrigin]
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: appSettings
  }

  // No basic-auth publishing: azd and the CLI deploy with Entra ID tokens.
  resource ftpPolicy 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPolicy 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output url string = 'https://${site.properties.defaultHostName}'
output appSettingNames string[] = objectKeys(appSettings)
