namespace DocScan.Sdk;

/// <summary>What a failure proves about whether the vendor processed (and charged) the request.</summary>
internal enum FailureClass
{
    /// <summary>Auth, bad parameters, exhausted balance, daily quota: never retried.</summary>
    Permanent = 0,

    /// <summary>The vendor certainly did not process the request: retried for every operation.</summary>
    NotProcessed = 1,

    /// <summary>The vendor may have processed the request: retried only where a repeat cannot double-charge.</summary>
    Ambiguous = 2,
}
