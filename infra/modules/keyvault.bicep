// Key Vault in RBAC mode holding the invitation-link signing keys and the Event Grid webhook secret.
// The app never sees the vault directly: its settings are Key Vault references that App Service
// resolves with the app's user-assigned identity (Key Vault Secrets User on this vault only).

@description('Globally unique vault name (3-24 letters, digits and dashes).')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the vault.')
param location string

@description('Tags for the vault.')
param tags object

@description('Principal (object) id of the app identity that reads the secrets.')
param readerPrincipalId string

@description('Id of the active link signing key; the secret is named linksigning-<id>.')
@minLength(1)
@maxLength(20)
param linkSigningKeyId string

@description('Base64 HMAC key (at least 32 random bytes) stored as secret linksigning-<linkSigningKeyId>.')
@secure()
@minLength(44)
param linkSigningKey string

@description('Secret carried in the Event Grid webhook URL of the delivery-report function.')
@secure()
@minLength(16)
param deliveryReportSecret string

@description('Purge protection: recommended in production, but a purge-protected vault cannot be purged by `azd down --purge`.')
param enablePurgeProtection bool = false

// Built-in role "Key Vault Secrets User": read secret contents.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    // The API refuses an explicit false; leave it unset unless asked for.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource linkSigningSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'linksigning-${linkSigningKeyId}'
  properties: {
    value: linkSigningKey
    contentType: 'base64 HMAC-SHA256 key for invitation links'
  }
}

resource deliveryReportSecretResource 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'email-delivery-report-secret'
  properties: {
    value: deliveryReportSecret
    contentType: 'Event Grid webhook query secret'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    description: 'Invitations app identity reads its Key Vault references'
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
output linkSigningSecretName string = linkSigningSecret.name
output deliveryReportSecretName string = deliveryReportSecretResource.name
