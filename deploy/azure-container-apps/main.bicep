// realtime-relay on Azure Container Apps, reaching Azure OpenAI with a managed identity: no key anywhere.
//
//   az deployment group create -g RG -f deploy/azure-container-apps/main.bicep -p deploy/azure-container-apps/main.bicepparam
//
// Creates: a Log Analytics workspace and a Container Apps environment, a user-assigned managed identity, the role
// "Cognitive Services OpenAI User" for it on your Azure OpenAI resource (openai-access.bicep, in that resource's
// resource group), AcrPull on your registry when one is named (acr-pull.bicep), and the container app.
//
// Why a user-assigned identity rather than the app's system-assigned one: it exists, and holds its roles, before
// the app's first revision starts, so the first replica can pull the image and open sessions at once. (With a
// system-assigned identity the role can only be granted after the app exists.) Role assignments can still take a
// few minutes to reach Azure OpenAI: until then sessions fail with 403 (the relay's `doctor` says which role).

targetScope = 'resourceGroup'

@description('Name of the container app; the other resources are named after it.')
param name string = 'realtime-relay'

param location string = resourceGroup().location

@description('The relay image, e.g. myregistry.azurecr.io/realtime-relay:1.0.0 (built from the repository\'s Dockerfile).')
param image string

@description('An Azure Container Registry in this resource group to pull the image from with the managed identity; empty for a public image.')
param registryName string = ''

@description('The Azure OpenAI resource (kind OpenAI or AIServices) the relay talks to.')
param openAiAccountName string

@description('Its resource group, when not this one.')
param openAiResourceGroup string = resourceGroup().name

@description('The realtime deployment on it (AZURE_OPENAI_DEPLOYMENT_NAME).')
param deploymentName string = 'gpt-realtime'

@description('Optional: an API key instead of the managed identity (kept as a Container Apps secret). Leave empty for Entra ID.')
@secure()
param apiKey string = ''

@description('The operator\'s session instructions (RELAY_INSTRUCTIONS); empty for none.')
param instructions string = ''

@description('Replicas always running. 0 would scale to zero when idle: the first visitor then waits for a cold start.')
@minValue(0)
param minReplicas int = 1

@minValue(1)
param maxReplicas int = 10

@description('Open WebSocket sessions (each is one long request to the ingress) per replica before another replica is added. See docs/benchmarks.md for what one replica holds.')
@minValue(1)
param concurrentRequestsPerReplica int = 50

@description('vCPU per replica (0.25 steps); memory follows the Container Apps ratio of 2 GiB per vCPU.')
@allowed(['0.25', '0.5', '0.75', '1', '1.25', '1.5', '1.75', '2'])
param cpu string = '0.5'

@description('Seconds a stopping replica lets its sessions go on before closing them with 1001 (--drain-timeout).')
@minValue(1)
param drainTimeoutSeconds int = 30

@description('Seconds between the relay\'s keepalive pings on a quiet WebSocket (--ping-interval); must stay well under the ingress\'s 240 s idle timeout.')
@minValue(1)
@maxValue(120)
param pingIntervalSeconds int = 20

// Every connection reaches the app through the environment's ingress (Envoy), from a private address, and the
// ingress puts the client's address in X-Forwarded-For. Without trusting it, every user would count as the
// ingress's few addresses, and the per-client limits (10 sessions, 30 a minute) would apply to all of them together.
@description('CIDRs whose X-Forwarded-For the relay believes (RELAY_TRUSTED_PROXIES): the environment\'s ingress. The private ranges by default; with a VNet-integrated environment, its infrastructure subnet is narrower.')
param trustedProxies string = '10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10'

var useApiKey = !empty(apiKey)
// Container Apps' fixed ratio: 2 GiB of memory per vCPU.
var memoryForCpu = {
  '0.25': '0.5Gi'
  '0.5': '1Gi'
  '0.75': '1.5Gi'
  '1': '2Gi'
  '1.25': '2.5Gi'
  '1.5': '3Gi'
  '1.75': '3.5Gi'
  '2': '4Gi'
}
var memory = memoryForCpu[cpu]
// One event loop per whole vCPU (the relay's default would count the host's cores).
var threadsForCpu = {
  '0.25': 1
  '0.5': 1
  '0.75': 1
  '1': 1
  '1.25': 1
  '1.5': 2
  '1.75': 2
  '2': 2
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${name}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-identity'
  location: location
}

// "Cognitive Services OpenAI User" for the identity, on the Azure OpenAI resource; also gives its endpoint.
module openAiAccess 'openai-access.bicep' = {
  name: '${name}-openai-access'
  scope: resourceGroup(openAiResourceGroup)
  params: {
    openAiAccountName: openAiAccountName
    principalId: identity.properties.principalId
  }
}

module acrPull 'acr-pull.bicep' = if (!empty(registryName)) {
  name: '${name}-acr-pull'
  params: {
    registryName: registryName
    principalId: identity.properties.principalId
  }
}

var baseEnv = [
  {
    name: 'AZURE_OPENAI_ENDPOINT'
    value: openAiAccess.outputs.endpoint
  }
  {
    name: 'AZURE_OPENAI_DEPLOYMENT_NAME'
    value: deploymentName
  }
  // Container Apps sets IDENTITY_ENDPOINT and IDENTITY_HEADER; AZURE_CLIENT_ID picks the user-assigned identity.
  {
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'AZURE_TOKEN_CREDENTIALS'
    value: 'ManagedIdentityCredential'
  }
  {
    name: 'RELAY_LOG_FORMAT'
    value: 'json'
  }
  {
    name: 'RELAY_TRUSTED_PROXIES'
    value: trustedProxies
  }
  {
    name: 'PORT'
    value: '8080'
  }
]
var keyEnv = useApiKey ? [
  {
    name: 'AZURE_OPENAI_API_KEY'
    secretRef: 'azure-openai-api-key'
  }
] : []
var instructionsEnv = empty(instructions) ? [] : [
  {
    name: 'RELAY_INSTRUCTIONS'
    value: instructions
  }
]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  dependsOn: [
    acrPull
  ]
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      // The ingress (Envoy) terminates TLS and passes WebSocket upgrades on HTTP/1.1. It closes a connection idle
      // for 240 s, and that is not a setting here: the relay pings every quiet WebSocket every
      // pingIntervalSeconds (20 s), so a session with nobody talking stays open. Sessions end by the relay's own
      // limits (30 minutes, Azure's cap) or the client.
      ingress: {
        external: true
        targetPort: 8080
        transport: 'http'
        allowInsecure: false
        traffic: [
          {
            latestRevision: true
            weight: 100
          }
        ]
      }
      registries: empty(registryName) ? [] : [
        {
          server: '${registryName}.azurecr.io'
          identity: identity.id
        }
      ]
      secrets: useApiKey ? [
        {
          name: 'azure-openai-api-key'
          value: apiKey
        }
      ] : []
    }
    template: {
      // Longer than the drain, so a new revision or a scale-in lets sessions end with close 1001, not a kill.
      terminationGracePeriodSeconds: drainTimeoutSeconds + 15
      containers: [
        {
          name: 'relay'
          image: image
          args: [
            'serve'
            '--threads=${threadsForCpu[cpu]}'
            '--drain-timeout=${drainTimeoutSeconds}'
            '--ping-interval=${pingIntervalSeconds}'
            // Frame logs stay within the replica's ephemeral storage.
            '--log-max-bytes=1G'
            '--log-max-age=7d'
          ]
          env: concat(baseEnv, keyEnv, instructionsEnv)
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/healthz'
                port: 8080
              }
              periodSeconds: 2
              failureThreshold: 10
            }
            {
              // Not /readyz: an Azure or Entra ID outage must not restart replicas.
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: 8080
              }
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 3
            }
            {
              // 503 while draining and until the first Entra ID token is cached: no sessions sent before.
              type: 'Readiness'
              httpGet: {
                path: '/readyz'
                port: 8080
              }
              periodSeconds: 5
              timeoutSeconds: 2
              failureThreshold: 2
            }
          ]
          volumeMounts: [
            {
              volumeName: 'logs'
              mountPath: '/app/logs'
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            // Every open session is one request in flight at the ingress for as long as it lasts.
            name: 'concurrent-sessions'
            http: {
              metadata: {
                concurrentRequests: string(concurrentRequestsPerReplica)
              }
            }
          }
        ]
      }
      volumes: [
        {
          // Frame logs (people's voices), per replica and gone with it. For logs that stay, mount an Azure Files
          // share of the environment (storageType AzureFile) here instead.
          name: 'logs'
          storageType: 'EmptyDir'
        }
      ]
    }
  }
}

@description('The app\'s address: https://<fqdn>/ serves the voice page.')
output fqdn string = app.properties.configuration.ingress.fqdn
output identityClientId string = identity.properties.clientId
output identityPrincipalId string = identity.properties.principalId
