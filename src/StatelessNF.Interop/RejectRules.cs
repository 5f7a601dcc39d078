// Conditions under which a write or remove is rejected (RAMCloud's RejectRules). The
// default value rejects nothing; the static factories name the common conditions.
using StatelessNF.Interop.Native;

namespace StatelessNF.Interop;

/// <summary>Conditions under which a write or remove is rejected.</summary>
public readonly record struct RejectRules
{
    /// <summary>The version the version conditions compare against.</summary>
    public ulong GivenVersion { get; init; }

    /// <summary>Reject with <see cref="ObjectNotFoundException"/> if the object does not exist.</summary>
    public bool RejectIfDoesntExist { get; init; }

    /// <summary>Reject with <see cref="ObjectExistsException"/> if the object exists.</summary>
    public bool RejectIfExists { get; init; }

    /// <summary>Reject with <see cref="WrongVersionException"/> if the object's version is at most <see cref="GivenVersion"/>.</summary>
    public bool RejectIfVersionAtMostGiven { get; init; }

    /// <summary>Reject with <see cref="WrongVersionException"/> if the object's version differs from <see cref="GivenVersion"/>.</summary>
    public bool RejectIfVersionNotGiven { get; init; }

    /// <summary>No condition: the operation always applies.</summary>
    public static RejectRules None => default;

    /// <summary>Create only: reject if the object already exists.</summary>
    public static RejectRules CreateOnly => new() { RejectIfExists = true };

    /// <summary>Update only: reject if the object does not exist.</summary>
    public static RejectRules MustExist => new() { RejectIfDoesntExist = true };

    /// <summary>Compare-and-set: reject unless the object exists at exactly <paramref name="version"/>.</summary>
    /// <param name="version">The version the object must have.</param>
    public static RejectRules IfVersion(ulong version) =>
        new() { RejectIfDoesntExist = true, RejectIfVersionNotGiven = true, GivenVersion = version };

    /// <summary>
    /// Reject if the object exists with a version at most <paramref name="version"/>; that
    /// is, apply only to an absent object or one newer than <paramref name="version"/>.
    /// </summary>
    /// <param name="version">The version the object's must exceed.</param>
    public static RejectRules UnlessVersionAtMost(ulong version) =>
        new() { RejectIfVersionAtMostGiven = true, GivenVersion = version };

    /// <summary>True when no condition is set.</summary>
    public bool IsNone =>
        !RejectIfDoesntExist && !RejectIfExists && !RejectIfVersionAtMostGiven && !RejectIfVersionNotGiven;

    internal snf_reject_rules ToNative() => new()
    {
        given_version = GivenVersion,
        doesnt_exist = RejectIfDoesntExist ? (byte)1 : (byte)0,
        exists = RejectIfExists ? (byte)1 : (byte)0,
        version_le_given = RejectIfVersionAtMostGiven ? (byte)1 : (byte)0,
        version_ne_given = RejectIfVersionNotGiven ? (byte)1 : (byte)0,
    };
}
