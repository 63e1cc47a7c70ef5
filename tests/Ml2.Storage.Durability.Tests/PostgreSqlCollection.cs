namespace Ml2.Storage.Durability.Tests;

[CollectionDefinition(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServerFixture>;
