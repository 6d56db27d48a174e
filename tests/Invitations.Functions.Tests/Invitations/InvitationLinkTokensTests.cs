using Invitations.Invitations;
using static Invitations.Tests.Invitations.InvitationTestData;

namespace Invitations.Tests.Invitations;

public sealed class InvitationLinkTokensTests
{
    // A member, so it wins over the Invitations.Admin namespace in name lookup.
    private static readonly Actor Admin = InvitationTestData.Admin;

    private static readonly Guid InvitationId = Guid.Parse("5b0e8a8e-8f0c-4f55-9c2a-3f1f6f3c1a11");

    [Fact]
    public void A_token_verifies_and_names_its_invitation_and_version()
    {
        var tokens = Tokens();
        var token = tokens.Create("acct-1", InvitationId, 3);

        Assert.True(tokens.TryVerify(token, out var claims));
        Assert.Equal(new LinkTokenClaims("acct-1", InvitationId, 3, "k1"), claims);
    }

    [Fact]
    public void Tokens_are_deterministic_so_copy_link_derives_the_same_link()
    {
        var tokens = Tokens();

        Assert.Equal(tokens.Create("acct-1", InvitationId, 1), tokens.Create("acct-1", InvitationId, 1));
        Assert.NotEqual(tokens.Create("acct-1", InvitationId, 1), tokens.Create("acct-1", InvitationId, 2));
    }

    [Fact]
    public void A_tampered_token_is_refused()
    {
        var tokens = Tokens();
        var token = tokens.Create("acct-1", InvitationId, 1);
        var flipped = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        // Forge another version under the same MAC.
        var forged = Tokens("k1", ("k1", 9)).Create("acct-1", InvitationId, 2).Split('.')[0] + "." + token.Split('.')[1];

        Assert.False(tokens.TryVerify(flipped, out _));
        Assert.False(tokens.TryVerify(forged, out _));
        Assert.False(tokens.TryVerify(token + "x", out _));
        Assert.False(tokens.TryVerify("not-a-token", out _));
        Assert.False(tokens.TryVerify("", out _));
        Assert.False(tokens.TryVerify(token.Replace('.', '!'), out _));
    }

    [Fact]
    public void A_token_for_another_account_cannot_be_made_by_editing_the_account()
    {
        var tokens = Tokens();
        var mine = tokens.Create("acct-1", InvitationId, 1);
        var theirsPayload = tokens.Create("acct-2", InvitationId, 1).Split('.')[0];

        Assert.False(tokens.TryVerify(theirsPayload + "." + mine.Split('.')[1], out _));
    }

    [Fact]
    public void A_token_signed_with_an_unknown_key_id_is_refused()
    {
        var other = Tokens("k9", ("k9", 1));
        var token = other.Create("acct-1", InvitationId, 1);

        Assert.False(Tokens().TryVerify(token, out _));
    }

    [Fact]
    public void After_rotation_new_links_use_the_new_key_and_old_links_still_verify()
    {
        var before = Tokens("k1", ("k1", 1));
        var oldToken = before.Create("acct-1", InvitationId, 1);
        var after = Tokens("k2", ("k1", 1), ("k2", 2));

        var newToken = after.Create("acct-1", InvitationId, 1);

        Assert.True(after.TryVerify(oldToken, out var oldClaims));
        Assert.Equal("k1", oldClaims!.KeyId);
        Assert.True(after.TryVerify(newToken, out var newClaims));
        Assert.Equal("k2", newClaims!.KeyId);
        Assert.False(Tokens("k2", ("k2", 2)).TryVerify(oldToken, out _));
    }

    [Fact]
    public void A_token_carries_at_least_128_bits_of_secret_derived_entropy_and_no_key_material()
    {
        var token = Tokens().Create("acct-1", InvitationId, 1);
        var mac = token.Split('.')[1];

        Assert.True(mac.Length * 6 >= 256);
        Assert.DoesNotContain(Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()), token, StringComparison.Ordinal);
    }

    [Fact]
    public void An_old_link_version_verifies_as_a_token_but_the_invitation_refuses_it_as_superseded()
    {
        var tokens = Tokens();
        var invitation = NewInvitation();
        var oldToken = tokens.Create(invitation.AccountId, invitation.Id, invitation.LinkVersion);
        invitation.Reissue(Admin, Start.AddDays(1), Lifetime, InvitationTestData.DailyEmails);

        Assert.True(tokens.TryVerify(oldToken, out var claims));
        Assert.Equal(InvitationErrorCodes.Superseded,
            Assert.Throws<InvitationRuleException>(() => invitation.EnsureCurrentVersion(claims!.LinkVersion)).Code);
    }
}
