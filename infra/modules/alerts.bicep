// Operational alerts, all log-search alerts over the Application Insights component (classic table
// names: customEvents, traces, requests). The telemetry contract they rely on is in infra/README.md.
//
// Poison queue: Azure Storage exposes QueueMessageCount only per account, not per queue, so a metric
// alert cannot tell the poison queue from the live queue. Instead this alerts on the Functions host's
// own warning, logged each time it moves a message: "Message has reached MaxDequeueCount of N. Moving
// message to queue '<queue>-poison'." With a 24-hour window the alert stays fired for a day after the
// last poisoned message, which is the closest log signal to "the poison queue is not empty".

@description('Region of the alert rules (same as Application Insights).')
param location string

@description('Tags for the rules and the action group.')
param tags object

@description('Resource id of the Application Insights component the queries run against.')
param applicationInsightsId string

@description('Short name prefix for alert display names.')
param namePrefix string

@description('Email address that receives alerts; empty creates the action group without a receiver.')
param alertEmailAddress string = ''

@description('Minutes between two expiry sweeps (ExpirySweepSchedule runs every N minutes).')
param expirySweepIntervalMinutes int

@description('Name of the email jobs queue; its poison queue is <name>-poison.')
param emailQueueName string

@description('HTTP 5xx alert: percentage of failed requests over 15 minutes.')
@minValue(1)
@maxValue(100)
param http5xxThresholdPercent int = 5

@description('HTTP 5xx alert: minimum number of requests in the window before the rate counts.')
@minValue(1)
param http5xxMinimumRequests int = 10

@description('Limit abuse alert: refusals by a sending limit for one account within an hour that fire the alert.')
@minValue(1)
param limitRefusalsPerAccountPerHour int = 20

var expiryWindowMinutes = 2 * expirySweepIntervalMinutes

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${namePrefix}-ops'
  location: 'global'
  tags: tags
  properties: {
    // groupShortName is at most 12 characters.
    groupShortName: 'invitations'
    enabled: true
    emailReceivers: empty(alertEmailAddress)
      ? []
      : [
          {
            name: 'operations'
            emailAddress: alertEmailAddress
            useCommonAlertSchema: true
          }
        ]
  }
}

// Runs are recorded as a custom event (TelemetryClient.TrackEvent through IOperationsTelemetry, never sampled) and
// as a log line, which reaches traces only if the worker's log filter lets Information through (EventName or
// message prefix "ExpiryRunCompleted"); both are accepted. Outcomes are lowercase, as in the run records
// (succeeded, partial, failed). Fires when a run reported outcome "failed" or when no run at all was recorded for
// two schedule intervals.
var expiryRunQuery = '''
union isfuzzy=true
    (customEvents | where name == "ExpiryRunCompleted" | project timestamp, d = customDimensions),
    (traces | where tostring(customDimensions.EventName) == "ExpiryRunCompleted" or message startswith "ExpiryRunCompleted" | project timestamp, d = customDimensions)
| extend outcome = tostring(coalesce(d.outcome, d.Outcome))
| summarize runs = count(), failed = countif(outcome == "failed")
| where runs == 0 or failed > 0
'''

resource expiryRunAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${namePrefix}-expiry-run'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: '${namePrefix}: expiry run failed or missing'
    description: 'An expiry run reported outcome failed, or no ExpiryRunCompleted was recorded in the last ${expiryWindowMinutes} minutes (2 schedule intervals).'
    severity: 1
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT${expirySweepIntervalMinutes}M'
    windowSize: 'PT${expiryWindowMinutes}M'
    criteria: {
      allOf: [
        {
          query: expiryRunQuery
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

var poisonQueueQuery = '''
traces
| where message has "MaxDequeueCount" and message has "'__POISON_QUEUE__'"
| summarize poisoned = count()
| where poisoned > 0
'''

resource poisonQueueAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${namePrefix}-poison-queue'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: '${namePrefix}: email poison queue not empty'
    description: 'The Functions host moved at least one message to ${emailQueueName}-poison in the last 24 hours. Inspect, fix, then replay or delete the messages.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'P1D'
    criteria: {
      allOf: [
        {
          query: replace(poisonQueueQuery, '__POISON_QUEUE__', '${emailQueueName}-poison')
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

var http5xxQuery = '''
requests
| summarize total = count(), failed = countif(toint(resultCode) >= 500)
| extend failedPercent = iff(total == 0, 0.0, 100.0 * failed / total)
| where total >= __MIN_REQUESTS__ and failedPercent > __THRESHOLD__
'''

resource http5xxAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${namePrefix}-http-5xx'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: '${namePrefix}: HTTP 5xx rate above ${http5xxThresholdPercent}%'
    description: 'More than ${http5xxThresholdPercent}% of at least ${http5xxMinimumRequests} HTTP requests failed with a 5xx status in 15 minutes.'
    severity: 1
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: replace(
            replace(http5xxQuery, '__MIN_REQUESTS__', string(http5xxMinimumRequests)),
            '__THRESHOLD__',
            string(http5xxThresholdPercent)
          )
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

// Every refusal by a sending limit is a LimitRefused custom event (never sampled) with the account and the limit
// (problem code); the log line "LimitRefused: ..." (Warning, so it reaches traces) is accepted too. Fires per account
// that keeps hitting its limits: one alert per account (dimension accountId), never an address.
var limitRefusalsQuery = '''
union isfuzzy=true
    (customEvents | where name == "LimitRefused" | project timestamp, d = customDimensions),
    (traces | where tostring(customDimensions.EventName) == "LimitRefused" or message startswith "LimitRefused" | project timestamp, d = customDimensions)
| extend accountId = tostring(coalesce(d.accountId, d.AccountId)), limit = tostring(coalesce(d.limit, d.Limit))
| where limit in ("account-email-limit-reached", "invitation-email-limit-reached")
| summarize refusals = count() by accountId
| where refusals >= __THRESHOLD__
'''

resource limitRefusalsAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${namePrefix}-limit-refusals'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: '${namePrefix}: an account keeps hitting its sending limits'
    description: 'One account had at least ${limitRefusalsPerAccountPerHour} actions refused by a sending limit (account-email-limit-reached or invitation-email-limit-reached) in the last hour: a buggy portal or someone using the app to flood inboxes. The alert names the account.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      allOf: [
        {
          query: replace(limitRefusalsQuery, '__THRESHOLD__', string(limitRefusalsPerAccountPerHour))
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'accountId'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

output actionGroupId string = actionGroup.id
output alertRuleIds string[] = [
  expiryRunAlert.id
  poisonQueueAlert.id
  http5xxAlert.id
  limitRefusalsAlert.id
]
