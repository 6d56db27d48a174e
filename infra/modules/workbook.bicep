// Azure Monitor workbook: expiry runs (count, expired, duration) and email outcomes.
// The workbook body is plain workbook JSON in workbook.json (edit it in the portal's Advanced Editor
// and paste it back); __APPINSIGHTS_RESOURCE_ID__ is replaced with the component id at deployment.

@description('Region of the workbook.')
param location string

@description('Tags for the workbook.')
param tags object

@description('Resource id of the Application Insights component the queries run against.')
param applicationInsightsId string

@description('Display name of the workbook.')
param displayName string = 'Invitations operations'

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // Workbook resource names must be GUIDs.
  name: guid(resourceGroup().id, applicationInsightsId, 'invitations-operations-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    // Links the workbook to the component: it is listed under the component's Workbooks blade.
    sourceId: applicationInsightsId
    version: 'Notebook/1.0'
    serializedData: replace(loadTextContent('workbook.json'), '__APPINSIGHTS_RESOURCE_ID__', applicationInsightsId)
  }
}

output id string = workbook.id
