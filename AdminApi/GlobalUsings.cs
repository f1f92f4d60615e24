global using System.Collections.Immutable;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.AspNetCore.Routing;
global using OrleansAgent.Grains.Interfaces;
global using OrleansAgent.Grains.Interfaces.Model;
