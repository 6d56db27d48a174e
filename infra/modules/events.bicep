// Lifecycle events (docs/events.md): an Event Grid custom topic that takes CloudEvents 1.0, which the app's
// relay publishes to with its managed identity (role EventGrid Data Sender; local keys are disabled), and an
// optional sample subscription that shows subscribers how to receive them.
//
// The sample subscription delivers Invitations.Invitation.* events, in the CloudEvents schema, to a webhook
// (for example the platform's user directory). Event Grid validates a webhook when the subscription is created
// (the CloudEvents abuse-protection OPTIONS handshake), so create it once the receiver answers.

@description('Name of the custom topic.')
param topicName string

@description('Region of the topic.')
param location string

@description('Tags for the topic.')
param tags object

@description('Principal id of the app identity that publishes (gets EventGrid Data Sender on the topic).')
param publisherPrincipalId string

@description('Sample subscription: webhook URL of a subscriber (https). Empty: no subscription. Secure: such URLs often carry a secret.')
@secure()
param sampleSubscriberUrl string = ''

@description('Sample subscription: the event types it receives (docs/events.md); empty receives all.')
param sampleSubscriberEventTypes string[] = [
  'Invitations.Invitation.Accepted'
]

// Built-in role "EventGrid Data Sender": send events to a topic.
var eventGridDataSender = 'd5a91429-5739-47e2-a06b-3470a27159e7'

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    // Entra ID only: the app publishes with its managed identity; no topic keys to leak or rotate.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource publisherRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, publisherPrincipalId, eventGridDataSender)
  scope: topic
  properties: {
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventGridDataSender)
    description: 'Invitations app identity: EventGrid Data Sender (lifecycle events)'
  }
}

resource sampleSubscription 'Microsoft.EventGrid/topics/eventSubscriptions@2025-02-15' = if (!empty(sampleSubscriberUrl)) {
  parent: topic
  name: 'sample-user-directory'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: sampleSubscriberUrl
        maxEventsPerBatch: 10
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: empty(sampleSubscriberEventTypes) ? null : sampleSubscriberEventTypes
      subjectBeginsWith: 'invitations/'
    }
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output topicId string = topic.id
output endpoint string = topic.properties.endpoint
