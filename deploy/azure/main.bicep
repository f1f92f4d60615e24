// OrleansAgent on Azure Container Apps: a clustered silo (two or more replicas) that keeps membership,
// grain state and reminders in Azure Cache for Redis over TLS, signing in with the access key or with Microsoft Entra.

targetScope = 'resourceGroup'

@description('Azure region of every resource. Default: the resource group region.')
param location string = resourceGroup().location

@description('Prefix of every resource name; 3 to 16 lowercase letters, digits or hyphens.')
@minLength(3)
@maxLength(16)
param namePrefix string

@description('The container image, for example myregistry.azurecr.io/orleans-agent:1.4.0.')
param image string

@description('Login server of the registry that holds the image; empty for a public image.')
param registryServer string = ''

@description('Replicas that always run, 2 to 10 and at most maxReplicas. Two or more keep the cluster alive while one replica restarts.')
@minValue(2)
@maxValue(10)
param minReplicas int = 2

// Bicep decorators cannot refer to another parameter, and assert declarations are still experimental in Bicep 0.49,
// so minReplicas <= maxReplicas is stated here rather than checked.
@description('Upper bound of replicas, 2 to 10. Must be at least minReplicas: the template does not check this.')
@minValue(2)
@maxValue(10)
param maxReplicas int = 3

@description('Orleans ServiceId. Part of every storage key: set it once and never change it, or the stored state is hidden.')
param serviceId string = 'orleans-agent'

@description('Orleans ClusterId. Stable by default, so a new revision joins the running cluster (rolling upgrade).')
param clusterId string = 'orleans-agent'

@description('Silo-to-silo TCP port.')
param siloPort int = 11111

@description('Client gateway TCP port.')
param gatewayPort int = 30000

@description('Port of the admin API, dashboard and /health inside the container.')
param httpPort int = 8080

// Matches ApiKeyStore.MinKeyLength in AdminApi: the silo does not start with a shorter key.
@description('Admin API key with the admin role, at least 16 characters. The API listens on every interface in a container, so it refuses to start without a key.')
@secure()
@minLength(16)
param adminApiKey string

@description('Azure Cache for Redis SKU. Standard or Premium keep a replica of the cache; Basic has none.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param redisSku string = 'Standard'

// The range is the union of both families, because a decorator cannot depend on redisSku.
@description('Azure Cache for Redis capacity: 0 to 6 with Basic and Standard (C0-C6), 1 to 5 with Premium (P1-P5). The template accepts 0 to 6 for every SKU, so check that Premium gets 1 to 5: there is no P0 or P6 size.')
@minValue(0)
@maxValue(6)
param redisCapacity int = 1

@description('How the silos sign in to the cache: AccessKey (a password in the connection string) or Entra (Microsoft Entra tokens of the user-assigned identity, renewed before they expire).')
@allowed([
  'AccessKey'
  'Entra'
])
param redisAuthentication string = 'AccessKey'

@description('With Entra authentication, the built-in access policy the identity gets on the cache. Data Contributor, the default, leaves out the dangerous command category, which the agent does not use. Choose Data Owner if the agent logs NOPERM errors.')
@allowed([
  'Data Owner'
  'Data Contributor'
])
param redisAccessPolicy string = 'Data Contributor'

@description('Applies only when redisAuthentication is Entra: turns off access-key sign-in on the cache, so that only Entra tokens work. Ignored with AccessKey, because the silos then sign in with the key.')
param disableRedisAccessKeys bool = false

@description('Key Vault secret URI of the Redis connection string. Empty: the template builds it from the cache access key (or, with Entra, without a password). With Entra the secret must not contain a password either, or the silo does not start.')
param redisConnectionStringSecretUri string = ''

@description('Address space of the virtual network. It must not overlap any network that you peer with it or connect to it by VPN or ExpressRoute.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Subnet of the Container Apps environment, inside vnetAddressPrefix and at least a /27.')
param environmentSubnetPrefix string = '10.40.0.0/23'

var redisName = '${namePrefix}-redis'
var redisSecretName = 'redis-connection-string'
var useEntra = redisAuthentication == 'Entra'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id'
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

// Silos dial each other on the replicas' own addresses, which requires an environment in a virtual network.
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${namePrefix}-vnet'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        vnetAddressPrefix
      ]
    }
    subnets: [
      {
        name: 'container-apps'
        properties: {
          addressPrefix: environmentSubnetPrefix
          delegations: [
            {
              name: 'container-apps'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
    ]
  }
}

resource redis 'Microsoft.Cache/redis@2024-11-01' = {
  name: redisName
  location: location
  properties: {
    sku: {
      name: redisSku
      family: redisSku == 'Premium' ? 'P' : 'C'
      capacity: redisCapacity
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    disableAccessKeyAuthentication: useEntra && disableRedisAccessKeys
    redisConfiguration: {
      'maxmemory-policy': 'noeviction'
      'aad-enabled': useEntra ? 'true' : 'false'
    }
  }
}

// The Redis user of an Entra identity is its object id, which the silos also receive as Agent__Storage__Entra__UserName.
resource redisAccess 'Microsoft.Cache/redis/accessPolicyAssignments@2024-11-01' = if (useEntra) {
  parent: redis
  name: 'silo-identity'
  properties: {
    accessPolicyName: redisAccessPolicy
    objectId: identity.properties.principalId
    objectIdAlias: identity.name
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
    vnetConfiguration: {
      infrastructureSubnetId: vnet.properties.subnets[0].id
      internal: false
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

// With Entra the connection string carries no password: the silo signs in with tokens. The access key is read only
// in the AccessKey branch, so turning keys off does not break the deployment.
var redisEndpoint = '${redis.properties.hostName}:${redis.properties.sslPort},ssl=true,abortConnect=false'
var redisConnectionString = useEntra ? redisEndpoint : '${redisEndpoint},password=${redis.listKeys().primaryKey}'

var entraEnvironment = useEntra
  ? [
      {
        name: 'Agent__Storage__Entra__Enabled'
        value: 'true'
      }
      {
        name: 'Agent__Storage__Entra__ManagedIdentityClientId'
        value: identity.properties.clientId
      }
      {
        name: 'Agent__Storage__Entra__UserName'
        value: identity.properties.principalId
      }
    ]
  : []

var redisSecret = empty(redisConnectionStringSecretUri)
  ? {
      name: redisSecretName
      value: redisConnectionString
    }
  : {
      name: redisSecretName
      keyVaultUrl: redisConnectionStringSecretUri
      identity: identity.id
    }

resource silo 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${namePrefix}-silo'
  location: location
  // With Entra the first replica signs in at start, so the identity must already hold its access policy.
  dependsOn: [
    redisAccess
  ]
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      secrets: [
        redisSecret
        {
          name: 'admin-api-key'
          value: adminApiKey
        }
      ]
      registries: empty(registryServer)
        ? []
        : [
            {
              server: registryServer
              identity: identity.id
            }
          ]
      ingress: {
        external: true
        targetPort: httpPort
        transport: 'http'
        allowInsecure: false
        additionalPortMappings: [
          {
            external: false
            targetPort: siloPort
            exposedPort: siloPort
          }
          {
            external: false
            targetPort: gatewayPort
            exposedPort: gatewayPort
          }
        ]
      }
    }
    template: {
      containers: [
        {
          name: 'silo'
          image: image
          resources: {
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: concat([
            {
              name: 'Urls'
              value: 'http://+:${httpPort}'
            }
            {
              name: 'Agent__Storage__RedisConnectionString'
              secretRef: redisSecretName
            }
            {
              name: 'Agent__Api__Keys__0__Name'
              value: 'admin'
            }
            {
              name: 'Agent__Api__Keys__0__Role'
              value: 'admin'
            }
            {
              name: 'Agent__Api__Keys__0__Key'
              secretRef: 'admin-api-key'
            }
            {
              name: 'Agent__Storage__UseRedisClustering'
              value: 'true'
            }
            {
              name: 'Agent__Cluster__ServiceId'
              value: serviceId
            }
            {
              name: 'Agent__Cluster__ClusterId'
              value: clusterId
            }
            {
              name: 'Agent__Cluster__SiloPort'
              value: string(siloPort)
            }
            {
              name: 'Agent__Cluster__GatewayPort'
              value: string(gatewayPort)
            }
          ], entraEnvironment)
          probes: [
            {
              type: 'Liveness'
              httpGet: {
                path: '/health'
                port: httpPort
              }
              initialDelaySeconds: 10
              periodSeconds: 15
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/health/ready'
                port: httpPort
              }
              initialDelaySeconds: 5
              periodSeconds: 10
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'cpu'
            custom: {
              type: 'cpu'
              metadata: {
                type: 'Utilization'
                value: '70'
              }
            }
          }
        ]
      }
    }
  }
}

output adminUrl string = 'https://${silo.properties.configuration.ingress.fqdn}'
output identityClientId string = identity.properties.clientId
output redisHostName string = redis.properties.hostName
output identityPrincipalId string = identity.properties.principalId
