// The outcome of a store operation, value for value the native snf_status codes (they are
// stable across the ABI). Failures surface as StoreException subclasses; per-item results
// of multi-operations carry a StoreStatus instead.
namespace StatelessNF.Interop;

/// <summary>Outcome of a store operation; mirrors the native <c>snf_status</c> codes.</summary>
public enum StoreStatus
{
    /// <summary>The operation succeeded.</summary>
    Ok = 0,

    /// <summary>No table with that name or id.</summary>
    TableDoesntExist = 1,

    /// <summary>No object with that key, or it expired.</summary>
    ObjectDoesntExist = 2,

    /// <summary>Rejected by the rules: the object exists.</summary>
    ObjectExists = 3,

    /// <summary>Rejected by the rules: the object's version failed the condition.</summary>
    WrongVersion = 4,

    /// <summary>An argument was invalid: a bad length, an empty name, an unknown option.</summary>
    InvalidArgument = 5,

    /// <summary>The key is empty or longer than <see cref="StoreLimits.MaxKeyLength"/> bytes.</summary>
    KeyTooLarge = 6,

    /// <summary>The value is longer than <see cref="StoreLimits.MaxValueLength"/> bytes.</summary>
    ValueTooLarge = 7,

    /// <summary>The value did not fit into the destination buffer.</summary>
    BufferTooSmall = 8,

    /// <summary>The store URI could not be parsed.</summary>
    BadUri = 9,

    /// <summary>The store could not be reached; the client reconnects on later calls.</summary>
    Connection = 10,

    /// <summary>No reply in time; the outcome of a write is unknown.</summary>
    Timeout = 11,

    /// <summary>The store sent a reply the client does not accept.</summary>
    Protocol = 12,

    /// <summary>Fewer replicas than required acknowledged a write.</summary>
    Replication = 13,

    /// <summary>The store refused the credentials.</summary>
    Authentication = 14,

    /// <summary>An asynchronous operation has not completed yet.</summary>
    Pending = 15,

    /// <summary>The backend cannot perform this operation.</summary>
    NotSupported = 16,

    /// <summary>The client is shutting down.</summary>
    Closed = 17,

    /// <summary>The native library ran out of memory.</summary>
    NoMemory = 18,

    /// <summary>An internal error of the native library.</summary>
    Internal = 19,
}
