global using System.Collections.Immutable;
global using OrleansAgent.Grains.Interfaces.Model;
