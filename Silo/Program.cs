
return await OrleansAgent.Silo.Commands.CommandLine.RunAsync(args);
