using System.Data.Common;

namespace Ml2.Storage.Relational;

/// <summary>
/// The SQL side of an <see cref="IMl2Transaction"/> opened by a relational store (SQLite or PostgreSQL). A mechanism
/// driver that keeps tables of its own casts the context's transaction to this interface in precommit and runs its
/// statements on <see cref="Connection"/> within <see cref="Transaction"/>: they commit or roll back with the
/// operation. Create your tables with <c>CREATE TABLE IF NOT EXISTS</c> and prefix them with the driver's name.
/// </summary>
public interface IRelationalTransaction
{
    /// <summary>The open connection (do not close it or change its state).</summary>
    DbConnection Connection { get; }

    /// <summary>The database transaction every statement of the operation runs in.</summary>
    DbTransaction Transaction { get; }

    /// <summary>The database product: <c>sqlite</c> or <c>postgresql</c>, so a driver can choose its SQL dialect.</summary>
    string Provider { get; }
}
