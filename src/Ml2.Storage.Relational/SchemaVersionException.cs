namespace Ml2.Storage.Relational;

/// <summary>The database's schema was written by a newer version of this SDK; this version refuses to use it.</summary>
public sealed class SchemaVersionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="databaseVersion">The version recorded in the database.</param>
    /// <param name="supportedVersion">The newest version this code knows.</param>
    public SchemaVersionException(int databaseVersion, int supportedVersion)
        : base($"The database schema is at version {databaseVersion}, newer than the {supportedVersion} this version of the SDK supports; upgrade the SDK (migrations are forward-only).")
    {
        DatabaseVersion = databaseVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>The version recorded in the database.</summary>
    public int DatabaseVersion { get; }

    /// <summary>The newest version this code knows.</summary>
    public int SupportedVersion { get; }
}
