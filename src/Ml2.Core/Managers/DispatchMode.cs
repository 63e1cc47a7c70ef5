namespace Ml2.Managers;

/// <summary>How the dispatcher treats a driver failure in one hook (Neutron's continue_on_failure matrix).</summary>
internal enum DispatchMode
{
    /// <summary>Stop at the first failure and throw (every precommit, create postcommit).</summary>
    StopOnFirstFailure,

    /// <summary>Call every driver, then throw the failures together (update network/subnet postcommit).</summary>
    CallAllThenThrow,

    /// <summary>Call every driver, log failures, succeed (update port postcommit, every delete postcommit).</summary>
    CallAllThenLog,
}
