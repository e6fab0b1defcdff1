"""Engines: where the pure part of the job runs (reads batches of Documents, gives back
one Analysis or Rejection each, in order).

    local    this process
    process  N worker processes on this machine (multiprocessing, spawn)
    dask     a Dask LocalCluster (processes, one thread each), or an existing cluster

Engines know nothing of the pipeline: `warledger.pipeline.run` hands them the work
(a picklable function of a batch, with the user's settings bound to it) and commits
what comes back in input order, in the one writing process.
"""
