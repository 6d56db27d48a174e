using Invitations.Storage;
using Invitations.Tests.Events;
using Invitations.Tests.Invitations;
using Moq;

namespace Invitations.Tests.Storage;

public sealed class ChangeSideEffectsTests
{
    [Fact]
    public void Each_participant_takes_back_only_its_own_effect_and_only_once()
    {
        var change = new DoorChanges().Next(InvitationTestData.NewInvitation());
        var email = new Mock<IInvitationWriteParticipant>().Object;
        var index = new Mock<IInvitationWriteParticipant>().Object;
        change.SideEffects.Record(email, "job receipt");

        Assert.False(change.SideEffects.TryTake<string>(index, out _));
        Assert.True(change.SideEffects.TryTake<string>(email, out var receipt));
        Assert.Equal("job receipt", receipt);
        Assert.False(change.SideEffects.TryTake<string>(email, out _));
    }

    [Fact]
    public void Another_attempt_of_the_same_change_starts_without_effects()
    {
        var door = new DoorChanges();
        var invitation = InvitationTestData.NewInvitation();
        var participant = new Mock<IInvitationWriteParticipant>().Object;
        var first = door.Next(invitation);
        first.SideEffects.Record(participant, "nudge");

        var retry = door.Next(invitation, attempt: 2);

        Assert.False(retry.SideEffects.TryTake<string>(participant, out _));
    }
}
