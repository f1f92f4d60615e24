global using OrleansAgent.Grains.Interfaces;
global using OrleansAgent.Grains.Interfaces.Model;
