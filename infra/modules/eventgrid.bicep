// Event Grid system topic on the Communication Services resource, with a webhook subscription that
// delivers Microsoft.Communication.EmailDeliveryReportReceived to the ReceiveEmailDeliveryReports
// function (route api/email/delivery-reports, the secret in the query string).
//
// Event Grid validates a webhook when the subscription is created (SubscriptionValidationEvent
// handshake), so the function must already be deployed and answering: the subscription is therefore
// optional and created in a second provisioning pass (see infra/README.md, "Two-step deployment").

@description('Name of the system topic.')
param systemTopicName string

@description('Tags for the topic.')
param tags object

@description('Resource id of the Communication Services resource (the event source).')
param communicationServiceId string

@description('Create the webhook subscription (needs the app deployed first).')
param deploySubscription bool

@description('Webhook URL: https://<app>/api/email/delivery-reports?secret=<Email__DeliveryReportSecret>. Secure because it carries the secret.')
@secure()
param deliveryReportEndpointUrl string

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  // Communication Services is a global resource, so is its system topic.
  location: 'global'
  tags: tags
  properties: {
    source: communicationServiceId
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

resource deliveryReports 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (deploySubscription) {
  parent: systemTopic
  name: 'email-delivery-reports'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // endpointUrl is write-only in Event Grid: the secret is not returned by reads of the resource.
        endpointUrl: deliveryReportEndpointUrl
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.EmailDeliveryReportReceived'
      ]
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output systemTopicId string = systemTopic.id
output subscriptionDeployed bool = deploySubscription
