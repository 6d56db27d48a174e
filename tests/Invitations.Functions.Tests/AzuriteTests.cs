using Invitations.TestSupport;

namespace Invitations.Tests;

/// <summary>
/// Tests in this collection share one Azurite (xunit needs the definition in the test assembly).
/// Give each test its own account id or names.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
