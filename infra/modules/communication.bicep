// Azure Communication Services Email: an Email Communication Service with an Azure-managed domain
// (and, optionally, a customer-managed domain), linked to a Communication Services resource that the
// app calls with its managed identity (Email__Endpoint, no connection string).

@description('Name of the Email Communication Service.')
param emailServiceName string

@description('Globally unique name of the Communication Services resource (it becomes <name>.<region>.communication.azure.com).')
param communicationServiceName string

@description('Where ACS stores data at rest, e.g. "Europe", "United States".')
param dataLocation string

@description('Tags for the resources.')
param tags object

@description('Optional customer-managed domain (e.g. "mail.example.com"). Creating it outputs the DNS records to publish; it is only linked once linkCustomEmailDomain is true.')
param customEmailDomain string = ''

@description('Link the custom domain and send from it. Set only after its Domain, SPF and DKIM records are verified: ACS refuses to link an unverified domain.')
param linkCustomEmailDomain bool = false

@description('Local part of the sender address on the custom domain (the Azure-managed domain always sends as DoNotReply).')
param customSenderUsername string = 'DoNotReply'

@description('Display name of the custom-domain sender.')
param customSenderDisplayName string = 'Invitations'

@description('Principal (object) id of the app identity that sends email.')
param senderPrincipalId string

@description('''Role that lets the app identity send email.
BuiltIn: "Communication and Email Service Owner" (09976791-48a7-449e-bb21-39d1a415f350), the built-in role Microsoft
documents for Entra ID access to ACS Email; broad (it can also list keys and manage domains).
Custom: a least-privilege custom role with Microsoft.Communication/CommunicationServices/Read and /Write and
Microsoft.Communication/EmailServices/write, the permissions the ACS docs list for Entra-authenticated sending
(learn.microsoft.com/azure/communication-services/quickstarts/email/send-email-smtp/smtp-authentication). Creating a
custom role needs Microsoft.Authorization/roleDefinitions/write (Owner or User Access Administrator).''')
@allowed([
  'BuiltIn'
  'Custom'
])
param senderRoleKind string = 'BuiltIn'

@description('Disable access keys on the Communication Services resource so that only Entra ID (managed identity) can call it.')
param disableLocalAuth bool = true

var hasCustomDomain = !empty(customEmailDomain)
var useCustomDomain = hasCustomDomain && linkCustomEmailDomain
var builtInEmailOwnerRoleId = '09976791-48a7-449e-bb21-39d1a415f350'

resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

// Azure-managed domain (<guid>.azurecomm.net): works at once, but is rate limited to 5 emails a minute
// and 10 an hour per subscription, and the limit cannot be raised. Fine for a pilot, not for production.
resource managedDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = if (hasCustomDomain) {
  parent: emailService
  name: hasCustomDomain ? customEmailDomain : 'unused'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customSender 'Microsoft.Communication/emailServices/domains/senderUsernames@2025-05-01' = if (hasCustomDomain) {
  parent: customDomain
  name: toLower(customSenderUsername)
  properties: {
    username: customSenderUsername
    displayName: customSenderDisplayName
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: useCustomDomain ? [managedDomain.id, customDomain.id] : [managedDomain.id]
    disableLocalAuth: disableLocalAuth
  }
}

resource customSenderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (senderRoleKind == 'Custom') {
  name: guid(resourceGroup().id, 'invitations-email-sender')
  properties: {
    roleName: 'Invitations Email Sender (${resourceGroup().name})'
    description: 'Send email through Azure Communication Services with Entra ID.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
          'Microsoft.Communication/EmailServices/write'
        ]
        notActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

// Role definitions live at subscription level even when declared from a resource group deployment;
// the assignment wants that subscription-level id.
var senderRoleDefinitionId = subscriptionResourceId(
  'Microsoft.Authorization/roleDefinitions',
  senderRoleKind == 'Custom' ? customSenderRole.name : builtInEmailOwnerRoleId
)

resource senderRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communicationService.id, senderPrincipalId, senderRoleKind)
  scope: communicationService
  properties: {
    principalId: senderPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: senderRoleDefinitionId
    description: 'Invitations app identity sends email'
  }
}

output communicationServiceId string = communicationService.id
output communicationServiceName string = communicationService.name
output endpoint string = 'https://${communicationService.properties.hostName}'
output managedDomainSenderAddress string = 'DoNotReply@${managedDomain.properties.mailFromSenderDomain}'
output senderAddress string = useCustomDomain
  ? '${customSenderUsername}@${customEmailDomain}'
  : 'DoNotReply@${managedDomain.properties.mailFromSenderDomain}'
// The DNS records (Domain, SPF, DKIM, DKIM2, DMARC) to publish for the custom domain; empty without one.
output customDomainVerificationRecords object = hasCustomDomain ? customDomain!.properties.verificationRecords : {}
