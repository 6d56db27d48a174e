using Invitations.Email;

namespace Invitations.Tests.Email;

public sealed class EmailContractTests
{
    [Fact]
    public void Operation_id_follows_RFC_9562_version_5()
    {
        // RFC 9562, appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), EmailOperationIds.NameBased(dns, "www.example.com"));
    }

    [Fact]
    public void Operation_id_of_a_send_is_stable_across_releases()
    {
        // Pinned (equals Python uuid.uuid5(Namespace, "inv-0001/1/1")): changing it would make in-flight sends look new to ACS.
        var id = EmailOperationIds.For("inv-0001", 1, 1);

        Assert.Equal(new Guid("f85f1604-1a13-5ca8-9b3a-682fad033587"), id);
        Assert.Equal(id, EmailOperationIds.For("inv-0001", 1, 1));
        Assert.Equal(5, id.Version);
    }

    [Fact]
    public void Each_link_version_and_send_number_gets_its_own_operation_id()
    {
        var ids = new[]
        {
            EmailOperationIds.For("inv-1", 1, 1),
            EmailOperationIds.For("inv-1", 1, 2),
            EmailOperationIds.For("inv-1", 2, 1),
            EmailOperationIds.For("inv-2", 1, 1),
            EmailOperationIds.For("inv-11", 1, 1),
        };

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Email_job_is_camel_case_json_and_round_trips()
    {
        var job = new EmailJob("acct-1", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), 2, 3, EmailJobKinds.Reissue);

        var json = job.ToJson();

        Assert.Equal("""{"accountId":"acct-1","invitationId":"0f8fad5b-d9cb-469f-a165-70867728950e","linkVersion":2,"sendNumber":3,"kind":"reissue"}""", json);
        Assert.True(EmailJob.TryParse(json, out var parsed, out _));
        Assert.Equal(job, parsed);
        // The operation id is derived from the id's lower-case "D" text, as before the id became a Guid.
        Assert.Equal(EmailOperationIds.For("0f8fad5b-d9cb-469f-a165-70867728950e", 2, 3), parsed.OperationId);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("""{"accountId":"a","invitationId":"0f8fad5b-d9cb-469f-a165-70867728950e","linkVersion":1,"sendNumber":1,"kind":"spam"}""")]
    [InlineData("""{"accountId":"a","invitationId":"not-a-guid","linkVersion":1,"sendNumber":1,"kind":"invitation"}""")]
    [InlineData("""{"accountId":"a","invitationId":"00000000-0000-0000-0000-000000000000","linkVersion":1,"sendNumber":1,"kind":"invitation"}""")]
    [InlineData("""{"accountId":"","invitationId":"i","linkVersion":1,"sendNumber":1,"kind":"invitation"}""")]
    [InlineData("""{"accountId":"a","invitationId":"i","linkVersion":0,"sendNumber":1,"kind":"invitation"}""")]
    [InlineData("""{"accountId":"a","invitationId":"i","linkVersion":1,"sendNumber":0,"kind":"resend"}""")]
    public void Invalid_email_jobs_are_refused_with_a_reason(string json)
    {
        Assert.False(EmailJob.TryParse(json, out var job, out var error));
        Assert.Null(job);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Email_message_makes_header_values_single_line()
    {
        var message = new EmailMessage("ada@example.com\r\nBcc: x@example.com", "Ada\nLovelace\u2028", "Hi\r\n there", "<p/>", "", "r@example.com\n");

        Assert.Equal("ada@example.com Bcc: x@example.com", message.ToAddress);
        Assert.Equal("Ada Lovelace", message.ToDisplayName);
        Assert.Equal("Hi there", message.Subject);
        Assert.Equal("r@example.com", message.ReplyTo);
    }
}
