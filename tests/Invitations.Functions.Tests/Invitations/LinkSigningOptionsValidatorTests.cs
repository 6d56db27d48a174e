using Invitations.Invitations;

namespace Invitations.Tests.Invitations;

public sealed class LinkSigningOptionsValidatorTests
{
    private static readonly string GoodKey = Convert.ToBase64String(new byte[32]);

    [Fact]
    public void A_valid_configuration_passes()
    {
        var options = new LinkSigningOptions { ActiveKeyId = "k1", Keys = { ["k1"] = GoodKey } };

        Assert.True(new LinkSigningOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("k2", "k1", "AAAA")]
    [InlineData("k1", "k1", "not base64!")]
    [InlineData("k1", "k1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("bad id", "bad id", null)]
    public void Weak_unknown_or_malformed_keys_fail_without_echoing_the_key(string active, string keyId, string? key)
    {
        var options = new LinkSigningOptions { ActiveKeyId = active, Keys = { [keyId] = key ?? GoodKey } };

        var result = new LinkSigningOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.DoesNotContain(key ?? GoodKey, result.FailureMessage, StringComparison.Ordinal);
    }
}
