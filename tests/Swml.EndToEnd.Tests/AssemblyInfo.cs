// Every test starts processes (swml run, SIPp, baresip) and bounds their waits in real time: one
// test at a time keeps those bounds honest on a small machine.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
