global using System.Collections.Immutable;
global using Microsoft.Extensions.Logging;
global using OrleansAgent.Grains.Interfaces;
global using OrleansAgent.Grains.Interfaces.Model;
global using OrleansAgent.Grains.Configuration;
