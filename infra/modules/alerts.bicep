// Operational alerts, all log-search alerts over the Application Insights component (classic table
// names: customEvents, traces, requests). The telemetry contract they rely on is in infra/README.md.
//
// Poison queue: Azure Storage exposes QueueMessageCount only per account, not per queue, so a metric
// alert cannot tell the poison queue from the live queue. The app measures both queues itself (timer
// ReportEmailQueueDepth, every minute: custom event EmailQueueDepth with poisonQueue and poisonMessages),
// and the alert fires when every measurement of the last 15 minutes found the poison queue not empty.

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
param limitRefusalsPerAccountPerHour int = 20

var expiryWindowMinutes = 2 * expirySweepIntervalMinutes

// Long enough to hold the last 3 scheduled runs (3 intervals plus margin), in a window size log alerts accept.
var expiryBacklogWindow = {
  '5': 'PT30M'
  '10': 'PT45M'
  '15': 'PT1H'
  '30': 'PT2H'
}[string(expirySweepIntervalMinutes)]

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

// At least 10 of the 15 one-minute measurements must have arrived, so a quiet app or one missed run cannot fire it.
var poisonQueueQuery = '''
customEvents | where name == "EmailQueueDepth" | project timestamp, d = customDimensions
| where tostring(d.poisonQueue) == '__POISON_QUEUE__'
| summarize samples = count(), emptySamples = countif(toint(d.poisonMessages) == 0)
| where samples >= 10 and emptySamples == 0
'''

resource poisonQueueAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${namePrefix}-poison-queue'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: '${namePrefix}: email poison queue not empty for 15 minutes'
    description: '${emailQueueName}-poison has held at least one email job in every measurement of the last 15 minutes. Inspect, fix the cause, then replay (POST /api/ops/email-poison/replay) or delete the messages.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
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

// Scheduled runs only (a manual run has a shorter budget). The window holds the last 3 runs (expiryBacklogWindow);
// it fires when there were 3 and each one ended with due rows left over (the sweep is falling behind).
var expiryBacklogQuery = '''
customEvents | where name == "ExpiryRunCompleted" | project timestamp, d = customDimensions
| where tostring(d.trigger) == "schedule"
| top 3 by timestamp desc
| summarize runs = count(), withBacklog = countif(tolower(tostring(d.backlogRemaining)) == "true")
| where runs == 3 and withBacklog == 3
'''

resource expiryBacklogAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${namePrefix}-expiry-backlog'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: '${namePrefix}: expiry backlog for 3 consecutive sweeps'
    description: 'The last 3 scheduled expiry runs each ended with due invitations left over (backlogRemaining). Raise Expiry__MaxItemsPerRun or Expiry__Parallelism, or run the sweep more often (docs/capacity.md).'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT${expirySweepIntervalMinutes}M'
    windowSize: expiryBacklogWindow
    criteria: {
      allOf: [
        {
          query: expiryBacklogQuery
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

// Items a run could not resolve (storage errors on single invitations); a run that fails as a whole is the
// expiry-run alert's. Over 2 intervals, like that alert.
var expiryErrorsQuery = '''
customEvents | where name == "ExpiryRunCompleted" | project timestamp, d = customDimensions
| summarize runs = count(), errors = sum(toint(d.errors))
| where errors > 0
'''

resource expiryErrorsAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${namePrefix}-expiry-errors'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: '${namePrefix}: expiry sweep errors'
    description: 'Expiry runs of the last ${expiryWindowMinutes} minutes could not resolve some invitations (errors > 0). The next runs retry them; see ExpiryItemFailed in traces.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT${expirySweepIntervalMinutes}M'
    windowSize: 'PT${expiryWindowMinutes}M'
    criteria: {
      allOf: [
        {
          query: expiryErrorsQuery
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

// Lifecycle events (docs/events.md): every relay run that found unpublished events reports the age of the oldest
// (EventsRelayed after publishing, EventsPublishFailed on each backoff retry, as custom events and log lines). Fires
// when that age passed 10 minutes: the topic refuses events, or the relay falls behind.
var eventsPendingQuery = '''
union isfuzzy=true
    (customEvents | where name in ("EventsRelayed", "EventsPublishFailed") | project timestamp, d = customDimensions),
    (traces | where tostring(customDimensions.EventName) in ("EventsRelayed", "EventsPublishFailed") | project timestamp, d = customDimensions)
| extend oldestPendingSeconds = todouble(d.oldestPendingSeconds)
| summarize oldest = max(oldestPendingSeconds)
| where oldest > 600
'''

resource eventsPendingAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${namePrefix}-events-pending'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: '${namePrefix}: lifecycle events unpublished for over 10 minutes'
    description: 'The oldest unpublished lifecycle event was older than 10 minutes (EventsPublishFailed or EventsRelayed, oldestPendingSeconds > 600). Check the Event Grid topic and the relay (docs/events.md, "Operations").'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: eventsPendingQuery
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
  expiryBacklogAlert.id
  expiryErrorsAlert.id
  http5xxAlert.id
  eventsPendingAlert.id
  limitRefusalsAlert.id
]
