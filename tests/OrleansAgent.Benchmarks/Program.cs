using OrleansAgent.Benchmarks;

return await BenchmarkProgram.RunAsync(args);
