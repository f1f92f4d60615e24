using OrleansAgent.Silo.Commands;

return await CommandLine.RunAsync(args);
