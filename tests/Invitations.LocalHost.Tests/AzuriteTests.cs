using Invitations.TestSupport;

namespace Invitations.LocalHost.Tests;

/// <summary>Tests in this collection share one Azurite; each uses its own queue names.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
