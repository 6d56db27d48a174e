// Sample parameters for `bicep snapshot` (tests/Invitations.Infra.Tests/DeploymentSnapshotTests): the
// template evaluated offline with every option switched on. The values are placeholders, not secrets.
using '../main.bicep'

param environmentName = 'inv-sample'
param location = 'swedencentral'
param portalBaseUrl = 'https://portal.example.com/admin'
param authAudience = 'api://invitations-api'
param linkSigningKeyId = 'k2'
param linkSigningKey = 'SampleOnly+NotAKey+SampleOnly+NotAKey+SampleOnly+NotAKey'
param linkSigningPreviousKeyIds = 'k1'
param emailDeliveryReportSecret = 'sample-only-delivery-report-secret'
param deployEventGridSubscription = true
param customEmailDomain = 'mail.example.com'
param linkCustomEmailDomain = true
param emailSenderRoleKind = 'Custom'
param alertEmailAddress = 'ops@example.com'
param eventsSampleSubscriberUrl = 'https://directory.example.com/invitation-events'
