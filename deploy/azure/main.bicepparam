using './main.bicep'

// Example values: replace the image (and registry) with your own build of deploy/Dockerfile.
param namePrefix = 'orlagent'
param image = 'myregistry.azurecr.io/orleans-agent:latest'
param registryServer = 'myregistry.azurecr.io'
param minReplicas = 2
param maxReplicas = 3
param serviceId = 'orleans-agent'
param clusterId = 'orleans-agent'
param redisSku = 'Standard'
param redisCapacity = 1

// 'Entra' signs the silos in with tokens of the user-assigned identity instead of the access key; with it,
// disableRedisAccessKeys = true turns access keys off on the cache.
param redisAuthentication = 'AccessKey'

// Supply the admin API key at deployment time from an environment variable, for example after
// export ORLEANSAGENT_ADMIN_API_KEY="$(openssl rand -hex 32)". The key needs at least 16 characters, so an unset,
// empty or shorter variable fails the build of these parameters (error BCP333) instead of deploying an app that
// cannot start.
param adminApiKey = readEnvironmentVariable('ORLEANSAGENT_ADMIN_API_KEY', '')
