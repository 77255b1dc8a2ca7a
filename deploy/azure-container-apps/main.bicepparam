// Parameters for main.bicep: fill these in, then
//   az deployment group create -g RG -f main.bicep -p main.bicepparam
using './main.bicep'

param image = 'YOUR-REGISTRY.azurecr.io/realtime-relay:1.0.0'
param registryName = 'YOUR-REGISTRY'
param openAiAccountName = 'YOUR-OPENAI-RESOURCE'
param deploymentName = 'gpt-realtime'
param minReplicas = 1
param maxReplicas = 10
param concurrentRequestsPerReplica = 50
