// The role "Cognitive Services OpenAI User" for a principal on an Azure OpenAI resource, and that resource's
// endpoint. A module, so the resource may live in another resource group (main.bicep's openAiResourceGroup).

@description('The Azure OpenAI resource (kind OpenAI or AIServices) in this resource group.')
param openAiAccountName string

@description('The principal (object) ID of the relay\'s managed identity.')
param principalId string

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
  name: openAiAccountName
}

// Built-in role "Cognitive Services OpenAI User": inference calls, including the realtime API; no keys, no management.
var cognitiveServicesOpenAIUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd')

resource openAiUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, cognitiveServicesOpenAIUser)
  scope: account
  properties: {
    roleDefinitionId: cognitiveServicesOpenAIUser
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('AZURE_OPENAI_ENDPOINT for the relay: the resource\'s custom subdomain on openai.azure.com.')
output endpoint string = 'https://${account.properties.customSubDomainName}.openai.azure.com'
