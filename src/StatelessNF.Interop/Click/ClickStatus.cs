// The outcome of a call into the embedded router, value for value the native
// snf_router_status codes (stable across the ABI). Failures surface as ClickException
// subclasses; RouterErrors decides which status becomes which type.
namespace StatelessNF.Interop.Click;

/// <summary>Outcome of a router call; mirrors the native <c>snf_router_status</c> codes.</summary>
public enum ClickStatus
{
    /// <summary>The call succeeded.</summary>
    Ok = 0,

    /// <summary>An argument was invalid: a NULL pointer, a bad length, a bad definition.</summary>
    InvalidArgument = 1,

    /// <summary>The configuration has errors; the diagnostics say which.</summary>
    Configuration = 2,

    /// <summary>No element with that name.</summary>
    NoSuchElement = 3,

    /// <summary>The element (or the router) has no handler with that name.</summary>
    NoSuchHandler = 4,

    /// <summary>The handler is write-only.</summary>
    NotReadable = 5,

    /// <summary>The handler is read-only.</summary>
    NotWritable = 6,

    /// <summary>The handler reported an error.</summary>
    HandlerFailed = 7,

    /// <summary>A handler value did not fit the buffer offered for it.</summary>
    BufferTooSmall = 8,

    /// <summary>The router has stopped and will not run again.</summary>
    Stopped = 9,

    /// <summary>A control socket could not be opened.</summary>
    Io = 10,

    /// <summary>The native library ran out of memory.</summary>
    NoMemory = 11,

    /// <summary>An internal error of the native library.</summary>
    Internal = 12,
}
